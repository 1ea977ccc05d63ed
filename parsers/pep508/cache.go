package pep508

// Cache parses each distinct marker string once: a lock repeats the same
// markers thousands of times. Evaluating a marker already seen does not
// allocate. The zero Cache is ready to use. A Cache is not safe for
// concurrent use; give each goroutine its own.
type Cache struct {
	markers map[string]parsed
	// versions holds the parsed version variables of the last environment,
	// so that they are not re-parsed for every comparison.
	versions envVersions
}

type parsed struct {
	marker *Marker
	err    error
}

// Parse returns the parsed marker, parsing it on first use. A marker that
// failed to parse returns the same error again.
func (c *Cache) Parse(marker string) (*Marker, error) {
	p, ok := c.markers[marker]
	if !ok {
		if c.markers == nil {
			c.markers = make(map[string]parsed)
		}
		p.marker, p.err = ParseMarker(marker)
		c.markers[marker] = p
	}
	return p.marker, p.err
}

// Eval parses marker (once) and evaluates it in env; see Marker.Eval.
func (c *Cache) Eval(marker string, env *Env, extras func(string) bool) (bool, error) {
	m, err := c.Parse(marker)
	if err != nil {
		return false, err
	}
	return m.eval(env, extras, &c.versions), nil
}
