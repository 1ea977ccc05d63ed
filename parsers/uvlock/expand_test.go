package uvlock

// Expand shows tests the package with its sdist and wheels, which the
// model keeps behind Sdist and Wheels, as fields, so that goldens, dumps
// and position checks see every artifact.
func (p *Package) Expand() any {
	return struct {
		Name                 string
		Version              string
		Source               Source
		ResolutionMarkers    []string
		Dependencies         []Dependency
		OptionalDependencies map[string][]Dependency
		DevDependencies      map[string][]Dependency
		Sdist                *Artifact
		Wheels               []Artifact
		Metadata             *Metadata
		Pos, NamePos         Pos
		VersionPos           Pos
	}{
		p.Name, p.Version, p.Source, p.ResolutionMarkers, p.Dependencies, p.OptionalDependencies, p.DevDependencies,
		p.Sdist(), p.Wheels(), p.Metadata, p.Pos, p.NamePos, p.VersionPos,
	}
}
