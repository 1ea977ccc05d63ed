package sizes

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

const (
	userAgent = "ballast (+https://github.com/ballast-dev/ballast)"
	// acceptJSON asks for the JSON form only: the HTML form carries no sizes.
	acceptJSON = "application/vnd.pypi.simple.v1+json"
	// maxResponseBytes bounds a project page; PyPI's largest are a few MiB.
	maxResponseBytes = 64 << 20
	maxInFlight      = 8
	defaultMaxAge    = 7 * 24 * time.Hour
	defaultTimeout   = 20 * time.Second
)

// Request is one artifact whose size is wanted.
type Request struct {
	Index    string // registry URL of the package's source, as the lock writes it
	Project  string // distribution name (normalized for the URL)
	Filename string // artifact file name, e.g. "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"
	Hash     string // "sha256:…" from the lock, to match the index's file entry when present
	// URL is the artifact's own URL, as the lock writes it. When the index
	// gives no size (an HTML-only index, an API 1.0 page) or there is no
	// index (a direct URL source), a HEAD request on it gives the size.
	// Empty: no such fallback.
	URL string
}

// Options tune Fetch. The zero value fetches with a 20 s timeout and caches
// for 7 days in the user's cache directory.
type Options struct {
	Client   *http.Client  // nil: a client with a 20 s timeout
	CacheDir string        // "": os.UserCacheDir()/ballast/index; created 0o700
	MaxAge   time.Duration // 0: 7 days; cached entries older than that are fetched again
	Offline  bool          // only the cache is read
}

// Error is a failure to learn a size from one project of one index, or
// from one artifact when File is set.
type Error struct {
	Index   string // index URL with any password redacted; "" for a direct URL
	Project string
	File    string // the artifact concerned; "" when the whole project page failed
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sizes")
	if e.Project != "" {
		b.WriteString(" of ")
		b.WriteString(e.Project)
	}
	if e.Index != "" {
		b.WriteString(" from ")
		b.WriteString(e.Index)
	}
	if e.File != "" {
		b.WriteString(": ")
		b.WriteString(e.File)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Fetch returns the sizes it could find, keyed by Filename. It sends one
// request per (index, project), deduplicated, at most 8 in flight; a failing
// project is an Error in the returned slice but never stops the others.
// Requests whose index and URL are not http(s) (local indexes, paths) are
// skipped without error, as are files the index does not list or lists
// without a size. When a project page cannot be fetched but an expired
// cached copy exists, its sizes are used and the failure is still reported.
func Fetch(ctx context.Context, reqs []Request, opt Options) (map[string]int64, []error) {
	groups := groupRequests(reqs)
	sizes := map[string]int64{}
	if len(groups) == 0 {
		return sizes, nil
	}
	f, errs := newFetcher(opt)

	results := make([]groupResult, len(groups))
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	for i, g := range groups {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results[i].errs = []error{g.fail("", ctx.Err())}
				return
			}
			defer func() { <-sem }()
			results[i] = f.fetchGroup(ctx, g)
		})
	}
	wg.Wait()

	for _, r := range results {
		for _, fs := range r.sizes {
			if _, ok := sizes[fs.name]; !ok {
				sizes[fs.name] = fs.size
			}
		}
		errs = append(errs, r.errs...)
	}
	return sizes, errs
}

// group is the requests answered by one project page, or by HEAD requests
// alone when pageURL is empty.
type group struct {
	index   string // as the first request wrote it, password redacted
	project string // as the first request wrote it
	pageURL string
	reqs    []Request
}

func (g *group) fail(file string, err error) error {
	return &Error{Index: g.index, Project: g.project, File: file, Err: err}
}

type fileSize struct {
	name string
	size int64
}

type groupResult struct {
	sizes []fileSize
	errs  []error
}

// groupRequests gathers the requests by project page URL, in the order of
// their first appearance; requests without an http(s) index but with an
// http(s) URL form groups of their own, one per URL.
func groupRequests(reqs []Request) []*group {
	var groups []*group
	byKey := map[string]*group{}
	for _, r := range reqs {
		if r.Filename == "" {
			continue
		}
		var key, index, page string
		if u, ok := projectURL(r.Index, r.Project); ok {
			key, index, page = u, redact(r.Index), u
		} else if isHTTP(r.URL) {
			key = "\x00" + r.URL
		} else {
			continue
		}
		g := byKey[key]
		if g == nil {
			g = &group{index: index, project: r.Project, pageURL: page}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.reqs = append(g.reqs, r)
	}
	return groups
}

// projectURL returns the PEP 691 project page of project on index, or false
// when index is not an http(s) URL or project is empty.
func projectURL(index, project string) (string, bool) {
	name := normalize(project)
	if name == "" {
		return "", false
	}
	u, err := url.Parse(index)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + name + "/"
	u.RawPath = ""
	u.Fragment, u.RawFragment = "", ""
	return u.String(), true
}

// normalize is PEP 503's name normalization: lower case, every run of
// '-', '_' and '.' replaced by one '-'. It returns "" for a string that is
// not a valid project name (PEP 508: ASCII letters and digits, with '-',
// '_' and '.' inside), which could not be put into a URL path safely.
func normalize(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || isSeparator(name[0]) || isSeparator(name[len(name)-1]) {
		return ""
	}
	b := make([]byte, 0, len(name))
	for i := range len(name) {
		c := name[i]
		switch {
		case isSeparator(c):
			if !isSeparator(name[i-1]) {
				b = append(b, '-')
			}
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		default:
			return ""
		}
	}
	return string(b)
}

func isSeparator(c byte) bool { return c == '-' || c == '_' || c == '.' }

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// redact hides the password of a URL with credentials, for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	return u.Redacted()
}

// fetcher holds what the groups share; it is safe for concurrent use.
type fetcher struct {
	client  *http.Client
	cache   cache
	maxAge  time.Duration
	offline bool
	maxBody int64
}

func newFetcher(opt Options) (*fetcher, []error) {
	f := &fetcher{
		client:  opt.Client,
		maxAge:  opt.MaxAge,
		offline: opt.Offline,
		maxBody: maxResponseBytes,
	}
	if f.client == nil {
		f.client = &http.Client{Timeout: defaultTimeout}
	}
	if f.maxAge <= 0 {
		f.maxAge = defaultMaxAge
	}
	dir := opt.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return f, []error{fmt.Errorf("index cache disabled: %w", err)}
		}
		dir = filepath.Join(base, "ballast", "index")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return f, []error{fmt.Errorf("index cache disabled: %w", err)}
	}
	f.cache = cache{dir: dir, maxBody: f.maxBody}
	return f, nil
}

// fetchGroup answers g's requests: from the cached artifact sizes first,
// then from the project page, then by asking the artifacts themselves.
func (f *fetcher) fetchGroup(ctx context.Context, g *group) groupResult {
	var res groupResult
	var pending []Request
	for _, r := range g.reqs {
		if n, ok := f.cachedArtifact(r.URL); ok {
			res.sizes = append(res.sizes, fileSize{r.Filename, n})
		} else {
			pending = append(pending, r)
		}
	}
	if len(pending) == 0 {
		return res
	}

	if g.pageURL != "" {
		files, err := f.page(ctx, g.pageURL, pending)
		if err != nil {
			res.errs = append(res.errs, g.fail("", err))
		}
		var unsized []Request
		for _, r := range pending {
			e, listed := files[r.Filename]
			if listed {
				if err := e.checkHash(r.Hash); err != nil {
					// Not the lock's file: neither its size nor its URL's.
					res.errs = append(res.errs, g.fail(r.Filename, err))
					continue
				}
			}
			if listed && e.hasSize {
				res.sizes = append(res.sizes, fileSize{r.Filename, e.size})
			} else {
				unsized = append(unsized, r)
			}
		}
		pending = unsized
	}

	asked := map[string]bool{}
	for _, r := range pending {
		if asked[r.URL] || !isHTTP(r.URL) || f.offline {
			continue
		}
		asked[r.URL] = true
		if err := ctx.Err(); err != nil {
			if len(res.errs) == 0 || !errors.Is(res.errs[len(res.errs)-1], err) {
				res.errs = append(res.errs, g.fail("", err))
			}
			break
		}
		n, err := f.artifactSize(ctx, r.URL)
		if err != nil {
			res.errs = append(res.errs, g.fail(r.Filename, err))
			continue
		}
		res.sizes = append(res.sizes, fileSize{r.Filename, n})
		if err := f.storeArtifact(r.URL, n); err != nil {
			res.errs = append(res.errs, g.fail(r.Filename, err))
		}
	}
	return res
}

// page returns the file entries of a project page, from the cache when it
// is fresh and lists every wanted file, else from the index. An index that
// answers with HTML yields no entries and no error.
func (f *fetcher) page(ctx context.Context, pageURL string, wanted []Request) (map[string]entry, error) {
	cached, fresh := f.cachedPage(pageURL)
	if cached != nil && (fresh || f.offline) && listsAll(cached, wanted) {
		return cached, nil
	}
	if f.offline {
		return cached, nil
	}
	data, err := f.get(ctx, pageURL)
	if errors.Is(err, errHTML) {
		return nil, nil
	}
	if err != nil {
		return cached, err
	}
	files, err := parsePage(data)
	if err != nil {
		return cached, err
	}
	if err := f.cache.write(pageURL, data); err != nil {
		return files, err
	}
	return files, nil
}

// cachedPage returns the cached entries of a project page and whether they
// are younger than MaxAge; nil when there is no valid cached copy.
func (f *fetcher) cachedPage(pageURL string) (map[string]entry, bool) {
	data, mtime, ok := f.cache.read(pageURL)
	if !ok {
		return nil, false
	}
	files, err := parsePage(data)
	if err != nil {
		return nil, false // corrupt: fetch it again
	}
	return files, time.Since(mtime) < f.maxAge
}

// listsAll reports whether the page lists every wanted file: a cached page
// older than the lock may lack a release published since.
func listsAll(files map[string]entry, wanted []Request) bool {
	for _, r := range wanted {
		if _, ok := files[r.Filename]; !ok {
			return false
		}
	}
	return true
}
