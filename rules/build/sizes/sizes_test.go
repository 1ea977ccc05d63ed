package sizes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	torch311 = "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl"
	torch312 = "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"
	audio312 = "torchaudio-2.5.1-cp312-cp312-linux_x86_64.whl"
	numpy312 = "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl"

	hashTorch311 = "sha256:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988"
	hashTorch312 = "sha256:aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44ee55ff66aa11bb22cc33dd44"
)

// Pages in the JSON form: torch and torchaudio with sizes (API 1.1),
// numpy without (API 1.0).
const (
	torchPage = `{"meta": {"api-version": "1.1"}, "name": "torch", "versions": ["2.5.1+cpu"], "files": [
  {"filename": "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl", "url": "https://files.example/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl",
   "hashes": {"sha256": "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988"}, "size": 174505472, "upload-time": "2024-10-29T17:30:20.123456Z"},
  {"filename": "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl", "url": "https://files.example/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl",
   "hashes": {"sha256": "AA11BB22CC33DD44EE55FF66AA11BB22CC33DD44EE55FF66AA11BB22CC33DD44"}, "size": 174691329}
]}`
	audioPage = `{"meta": {"api-version": "1.1"}, "name": "torchaudio", "versions": ["2.5.1"], "files": [
  {"filename": "torchaudio-2.5.1-cp312-cp312-linux_x86_64.whl", "url": "../../t.whl", "hashes": {}, "size": 3412344}
]}`
	numpyPage = `{"meta": {"api-version": "1.0"}, "name": "numpy", "files": [
  {"filename": "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl", "url": "https://files.example/numpy.whl", "hashes": {"sha256": "77"}}
]}`
)

// index is a fake package index that counts what it is asked.
type index struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string // "GET /simple/torch/", in order of arrival
	seen http.Header
}

func newIndex(t *testing.T, h http.HandlerFunc) *index {
	t.Helper()
	ix := &index{}
	ix.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ix.mu.Lock()
		ix.hits = append(ix.hits, r.Method+" "+r.URL.Path)
		ix.seen = r.Header.Clone()
		ix.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(ix.Close)
	return ix
}

// Hits returns the requests so far, sorted.
func (ix *index) Hits() []string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return slices.Sorted(slices.Values(ix.hits))
}

// pages serves JSON pages by path, 404 elsewhere.
func pages(byPath map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, ok := byPath[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		_, _ = io.WriteString(w, body)
	}
}

var standardPages = map[string]string{
	"/simple/torch/":       torchPage,
	"/simple/torch-audio/": audioPage,
	"/simple/numpy/":       numpyPage,
}

func errStrings(errs []error) []string {
	var out []string
	for _, err := range errs {
		out = append(out, err.Error())
	}
	slices.Sort(out)
	return out
}

func check(t *testing.T, gotSizes map[string]int64, gotErrs []error, wantSizes map[string]int64, wantErrs []string) {
	t.Helper()
	if !maps.Equal(gotSizes, wantSizes) {
		t.Errorf("sizes = %v, want %v", gotSizes, wantSizes)
	}
	if got := errStrings(gotErrs); !slices.Equal(got, wantErrs) {
		t.Errorf("errors:\n got %q\nwant %q", got, wantErrs)
	}
}

func TestFetchPages(t *testing.T) {
	ix := newIndex(t, pages(standardPages))
	simple := ix.URL + "/simple"
	reqs := []Request{
		{Index: simple, Project: "torch", Filename: torch312, Hash: hashTorch312},
		{Index: simple, Project: "torch", Filename: torch311, Hash: hashTorch311},
		{Index: simple, Project: "torch", Filename: "torch-2.5.1+cpu-cp313-cp313-linux_x86_64.whl"}, // not listed
		{Index: simple, Project: "Torch_Audio", Filename: audio312, Hash: "sha256:00"},              // the page has no hash
		{Index: simple, Project: "numpy", Filename: numpy312, Hash: "sha256:77"},                    // API 1.0: no size
	}
	sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: t.TempDir()})
	check(t, sizes, errs, map[string]int64{torch311: 174505472, torch312: 174691329, audio312: 3412344}, nil)
	want := []string{"GET /simple/numpy/", "GET /simple/torch-audio/", "GET /simple/torch/"}
	if got := ix.Hits(); !slices.Equal(got, want) {
		t.Errorf("hits = %q, want %q", got, want)
	}
	if got := ix.seen.Get("Accept"); got != "application/vnd.pypi.simple.v1+json" {
		t.Errorf("Accept = %q", got)
	}
	if got := ix.seen.Get("User-Agent"); got != "ballast (+https://github.com/ballast-dev/ballast)" {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestFetchDeduplicates(t *testing.T) {
	ix := newIndex(t, pages(standardPages))
	var reqs []Request
	for _, index := range []string{ix.URL + "/simple", ix.URL + "/simple/"} {
		for _, project := range []string{"torch", "Torch", "TORCH"} {
			reqs = append(reqs,
				Request{Index: index, Project: project, Filename: torch311},
				Request{Index: index, Project: project, Filename: torch312})
		}
		reqs = append(reqs, Request{Index: index, Project: "torch.audio", Filename: audio312})
	}
	sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: t.TempDir()})
	check(t, sizes, errs, map[string]int64{torch311: 174505472, torch312: 174691329, audio312: 3412344}, nil)
	if got, want := ix.Hits(), []string{"GET /simple/torch-audio/", "GET /simple/torch/"}; !slices.Equal(got, want) {
		t.Errorf("hits = %q, want %q", got, want)
	}
}

func TestFetchHashMismatch(t *testing.T) {
	ix := newIndex(t, pages(standardPages))
	simple := ix.URL + "/simple"
	reqs := []Request{
		{Index: simple, Project: "torch", Filename: torch311, Hash: "sha256:0000", URL: ix.URL + "/files/" + torch311},
		{Index: simple, Project: "torch", Filename: torch312, Hash: strings.ToUpper(hashTorch312[:7]) + hashTorch312[7:]},
	}
	sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: t.TempDir()})
	check(t, sizes, errs, map[string]int64{torch312: 174691329}, []string{
		"sizes of torch from " + simple + ": " + torch311 +
			": the index lists sha256:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988, the lock sha256:0000",
	})
	// A mismatching file is not asked for by URL either.
	if got, want := ix.Hits(), []string{"GET /simple/torch/"}; !slices.Equal(got, want) {
		t.Errorf("hits = %q, want %q", got, want)
	}
}

func TestFetchHTTPErrors(t *testing.T) {
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/simple/broken/":
			http.Error(w, "oops", http.StatusInternalServerError)
		case "/simple/future/":
			pages(map[string]string{r.URL.Path: `{"meta": {"api-version": "2.0"}, "files": []}`})(w, r)
		case "/simple/garbled/":
			pages(map[string]string{r.URL.Path: `{"meta": {"api-version": "1.1"}, "files": [`})(w, r)
		default:
			pages(standardPages)(w, r)
		}
	})
	simple := ix.URL + "/simple"
	reqs := []Request{
		{Index: simple, Project: "missing", Filename: "missing-1.0-py3-none-any.whl"},
		{Index: simple, Project: "broken", Filename: "broken-1.0-py3-none-any.whl"},
		{Index: simple, Project: "future", Filename: "future-1.0-py3-none-any.whl"},
		{Index: simple, Project: "garbled", Filename: "garbled-1.0-py3-none-any.whl"},
		{Index: simple, Project: "torch", Filename: torch312},
	}
	dir := t.TempDir()
	sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir})
	check(t, sizes, errs, map[string]int64{torch312: 174691329}, []string{
		"sizes of broken from " + simple + ": HTTP 500 Internal Server Error",
		"sizes of future from " + simple + `: unsupported simple API version "2.0"`,
		"sizes of garbled from " + simple + ": not a JSON simple API page: unexpected end of JSON input",
		"sizes of missing from " + simple + ": HTTP 404 Not Found",
	})
	// Only the good page is cached.
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("cache holds %d files, want 1", len(entries))
	}
	for _, err := range errs {
		var e *Error
		if !errors.As(err, &e) || e.Index != simple || e.File != "" {
			t.Errorf("%v: not an *Error naming the index", err)
		}
	}
}

func TestFetchCache(t *testing.T) {
	ix := newIndex(t, pages(standardPages))
	dir := t.TempDir()
	reqs := []Request{{Index: ix.URL + "/simple", Project: "torch", Filename: torch312}}
	want := map[string]int64{torch312: 174691329}
	for range 2 {
		sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir})
		check(t, sizes, errs, want, nil)
	}
	if got := len(ix.Hits()); got != 1 {
		t.Errorf("index asked %d times, want 1", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || len(entries[0].Name()) != 64+len(".json") {
		t.Errorf("cache holds %v, want one file named by a SHA-256", entries)
	}
}

func TestFetchCacheDirCreatedPrivate(t *testing.T) {
	ix := newIndex(t, pages(standardPages))
	dir := t.TempDir() + "/a/b"
	reqs := []Request{{Index: ix.URL + "/simple", Project: "torch", Filename: torch312}}
	if _, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir}); errs != nil {
		t.Fatal(errs)
	}
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm != 0o700 {
		t.Errorf("cache directory mode %o, want 700", perm)
	}
}

// age makes every cache entry in dir look fetched d ago.
func age(t *testing.T, dir string, d time.Duration) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	then := time.Now().Add(-d)
	for _, e := range entries {
		if err := os.Chtimes(dir+"/"+e.Name(), then, then); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFetchCacheExpiry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		maxAge time.Duration
		hits   int
	}{
		{"fresh", 3 * time.Hour, 1},
		{"expired", time.Hour, 2},
		{"default seven days", 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := newIndex(t, pages(standardPages))
			dir := t.TempDir()
			reqs := []Request{{Index: ix.URL + "/simple", Project: "torch", Filename: torch312}}
			opt := Options{Client: ix.Client(), CacheDir: dir, MaxAge: tc.maxAge}
			if _, errs := Fetch(context.Background(), reqs, opt); errs != nil {
				t.Fatal(errs)
			}
			age(t, dir, 2*time.Hour)
			sizes, errs := Fetch(context.Background(), reqs, opt)
			check(t, sizes, errs, map[string]int64{torch312: 174691329}, nil)
			if got := len(ix.Hits()); got != tc.hits {
				t.Errorf("index asked %d times, want %d", got, tc.hits)
			}
		})
	}
}

func TestFetchExpiredCacheUsedWhenIndexFails(t *testing.T) {
	var down atomic.Bool
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		pages(standardPages)(w, r)
	})
	dir := t.TempDir()
	simple := ix.URL + "/simple"
	reqs := []Request{{Index: simple, Project: "torch", Filename: torch312}}
	opt := Options{Client: ix.Client(), CacheDir: dir, MaxAge: time.Hour}
	if _, errs := Fetch(context.Background(), reqs, opt); errs != nil {
		t.Fatal(errs)
	}
	age(t, dir, 2*time.Hour)
	down.Store(true)
	sizes, errs := Fetch(context.Background(), reqs, opt)
	check(t, sizes, errs, map[string]int64{torch312: 174691329}, []string{
		"sizes of torch from " + simple + ": HTTP 503 Service Unavailable",
	})
}

func TestFetchCachedPageMissingFile(t *testing.T) {
	var page atomic.Value
	page.Store(strings.Replace(torchPage, torch312, "torch-2.5.0+cpu-cp312-cp312-linux_x86_64.whl", 1))
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		pages(map[string]string{"/simple/torch/": page.Load().(string)})(w, r)
	})
	dir := t.TempDir()
	simple := ix.URL + "/simple"
	opt := Options{Client: ix.Client(), CacheDir: dir}
	if _, errs := Fetch(context.Background(), []Request{{Index: simple, Project: "torch", Filename: torch311}}, opt); errs != nil {
		t.Fatal(errs)
	}
	// A release newer than the cached page: the page is fetched again.
	page.Store(torchPage)
	sizes, errs := Fetch(context.Background(), []Request{{Index: simple, Project: "torch", Filename: torch312}}, opt)
	check(t, sizes, errs, map[string]int64{torch312: 174691329}, nil)
	if got := len(ix.Hits()); got != 2 {
		t.Errorf("index asked %d times, want 2", got)
	}
}

func TestFetchOffline(t *testing.T) {
	ix := newIndex(t, pages(standardPages))
	simple := ix.URL + "/simple"
	reqs := []Request{
		{Index: simple, Project: "torch", Filename: torch312},
		{Index: simple, Project: "numpy", Filename: numpy312, URL: ix.URL + "/files/" + numpy312},
	}
	dir := t.TempDir()
	offline := Options{Client: ix.Client(), CacheDir: dir, Offline: true}

	sizes, errs := Fetch(context.Background(), reqs, offline)
	check(t, sizes, errs, map[string]int64{}, nil)
	if got := ix.Hits(); got != nil {
		t.Fatalf("offline Fetch asked the index: %q", got)
	}

	if _, errs := Fetch(context.Background(), reqs[:1], Options{Client: ix.Client(), CacheDir: dir}); errs != nil {
		t.Fatal(errs)
	}
	age(t, dir, 30*24*time.Hour) // offline, age does not matter
	sizes, errs = Fetch(context.Background(), reqs, offline)
	check(t, sizes, errs, map[string]int64{torch312: 174691329}, nil)
	if got := len(ix.Hits()); got != 1 {
		t.Errorf("index asked %d times, want 1", got)
	}
}

func TestFetchCorruptCache(t *testing.T) {
	for _, corrupt := range []string{"", "{", `{"files": []}`, `{"meta": {"api-version": "2.0"}, "files": []}`, "\x00\xff"} {
		t.Run(fmt.Sprintf("%q", corrupt), func(t *testing.T) {
			ix := newIndex(t, pages(standardPages))
			dir := t.TempDir()
			simple := ix.URL + "/simple"
			c := cache{dir: dir, maxBody: maxResponseBytes}
			pageURL, _ := projectURL(simple, "torch")
			if err := os.WriteFile(c.path(pageURL), []byte(corrupt), 0o600); err != nil {
				t.Fatal(err)
			}
			reqs := []Request{{Index: simple, Project: "torch", Filename: torch312}}

			sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir, Offline: true})
			check(t, sizes, errs, map[string]int64{}, nil)

			sizes, errs = Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir})
			check(t, sizes, errs, map[string]int64{torch312: 174691329}, nil)
			if got := len(ix.Hits()); got != 1 {
				t.Errorf("index asked %d times, want 1", got)
			}
			if data, _ := os.ReadFile(c.path(pageURL)); string(data) != torchPage {
				t.Errorf("cache not repaired: %q", data)
			}
		})
	}
}

func TestFetchOversize(t *testing.T) {
	chunk := strings.Repeat(" ", 1<<20)
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		if r.URL.Path == "/simple/declared/" {
			w.Header().Set("Content-Length", fmt.Sprint(maxResponseBytes+1))
		}
		// JSON with leading white space, one byte over the limit.
		for range maxResponseBytes >> 20 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
		_, _ = io.WriteString(w, "{")
	})
	simple := ix.URL + "/simple"
	reqs := []Request{
		{Index: simple, Project: "declared", Filename: "declared-1.0-py3-none-any.whl"},
		{Index: simple, Project: "streamed", Filename: "streamed-1.0-py3-none-any.whl"},
	}
	sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: t.TempDir()})
	check(t, sizes, errs, map[string]int64{}, []string{
		"sizes of declared from " + simple + ": response larger than 64 MiB refused",
		"sizes of streamed from " + simple + ": response larger than 64 MiB refused",
	})
}

func TestFetchCancel(t *testing.T) {
	arrived := make(chan struct{}, 1)
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	var reqs []Request
	for i := range 20 {
		// With a URL too: a cancelled project is one error, not one per file.
		reqs = append(reqs,
			Request{Index: ix.URL + "/simple", Project: fmt.Sprint("p", i), Filename: fmt.Sprint("p", i, "a.whl"), URL: ix.URL + "/a.whl"},
			Request{Index: ix.URL + "/simple", Project: fmt.Sprint("p", i), Filename: fmt.Sprint("p", i, "b.whl"), URL: ix.URL + "/b.whl"})
	}
	done := make(chan struct{})
	var sizes map[string]int64
	var errs []error
	go func() {
		sizes, errs = Fetch(ctx, reqs, Options{Client: ix.Client(), CacheDir: t.TempDir()})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Fetch did not return after cancellation")
	}
	if len(sizes) != 0 || len(errs) != 20 {
		t.Fatalf("got %v and %d errors, want none and 20", sizes, len(errs))
	}
	for _, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%v: not context.Canceled", err)
		}
	}
}

func TestFetchInFlightLimit(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		http.NotFound(w, r)
	})
	var reqs []Request
	for i := range 30 {
		reqs = append(reqs, Request{Index: ix.URL + "/simple", Project: fmt.Sprint("p", i), Filename: "x.whl"})
	}
	_, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: t.TempDir()})
	if len(errs) != 30 {
		t.Errorf("%d errors, want 30", len(errs))
	}
	if peak < 1 || peak > maxInFlight {
		t.Errorf("%d requests in flight at once, want 1 to %d", peak, maxInFlight)
	}
}

func TestFetchSkipsLocal(t *testing.T) {
	dir := t.TempDir() + "/cache"
	reqs := []Request{
		{Index: "../wheels", Project: "torch", Filename: torch312},
		{Index: "file:///srv/simple", Project: "torch", Filename: torch312, URL: "file:///srv/" + torch312},
		{Index: "", Project: "local", Filename: "local-1.0.tar.gz", URL: "vendor/local-1.0.tar.gz"},
		{Index: "https://pypi.org/simple", Project: "", Filename: torch312},
		{Index: "https://pypi.org/simple", Project: "torch", Filename: ""},
	}
	sizes, errs := Fetch(context.Background(), reqs, Options{CacheDir: dir})
	check(t, sizes, errs, map[string]int64{}, nil)
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("cache directory created with nothing to fetch: %v", err)
	}
}

func TestFetchArtifactFallback(t *testing.T) {
	ix := newIndex(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/whl/cpu/torch/":
			// download.pytorch.org serves the HTML form only.
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, `<a href="/whl/cpu/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl">`+torch312+`</a>`)
		case "/whl/cpu/" + torch312:
			w.Header().Set("Content-Length", "174691329")
			if r.Method == http.MethodGet {
				http.Error(w, "HEAD only in this test", http.StatusTeapot)
			}
		case "/signed/flash_attn-2.7.4-cp312-cp312-linux_x86_64.whl":
			// Signed for GET only: HEAD fails, a range request works.
			if r.Method != http.MethodGet || r.Header.Get("Range") != "bytes=0-0" {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			w.Header().Set("Content-Range", "bytes 0-0/250123456")
			w.WriteHeader(http.StatusPartialContent)
			_, _ = io.WriteString(w, "P")
		case "/simple/numpy/":
			pages(standardPages)(w, r)
		case "/files/" + numpy312:
			w.Header().Set("Content-Length", "16000000")
		default:
			http.NotFound(w, r)
		}
	})
	flash := "flash_attn-2.7.4-cp312-cp312-linux_x86_64.whl"
	reqs := []Request{
		{Index: ix.URL + "/whl/cpu", Project: "torch", Filename: torch312, URL: ix.URL + "/whl/cpu/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl"},
		{Project: "flash-attn", Filename: flash, URL: ix.URL + "/signed/" + flash},
		{Index: ix.URL + "/simple", Project: "numpy", Filename: numpy312, URL: ix.URL + "/files/" + numpy312},
		{Filename: "gone-1.0-py3-none-any.whl", URL: ix.URL + "/gone-1.0-py3-none-any.whl"},
	}
	dir := t.TempDir()
	want := map[string]int64{torch312: 174691329, flash: 250123456, numpy312: 16000000}
	wantErrs := []string{"sizes: gone-1.0-py3-none-any.whl: HEAD: HTTP 404 Not Found"}
	sizes, errs := Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir})
	check(t, sizes, errs, want, wantErrs)
	got := ix.Hits()
	wantAll := []string{
		"GET /gone-1.0-py3-none-any.whl",
		"GET /signed/" + flash,
		"GET /simple/numpy/",
		"GET /whl/cpu/torch/",
		"HEAD /files/" + numpy312,
		"HEAD /gone-1.0-py3-none-any.whl",
		"HEAD /signed/" + flash,
		"HEAD /whl/cpu/" + torch312,
	}
	if !slices.Equal(got, wantAll) {
		t.Errorf("hits:\n got %q\nwant %q", got, wantAll)
	}

	// Artifact sizes are cached: only the failed one is asked again.
	sizes, errs = Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir})
	check(t, sizes, errs, want, wantErrs)
	if n := len(ix.Hits()) - len(wantAll); n != 2 {
		t.Errorf("second Fetch sent %d requests, want 2 (HEAD and range for the missing file)", n)
	}
	sizes, errs = Fetch(context.Background(), reqs, Options{Client: ix.Client(), CacheDir: dir, Offline: true})
	check(t, sizes, errs, want, nil)
}

func TestProjectURL(t *testing.T) {
	for _, tc := range []struct {
		index, project, want string
	}{
		{"https://pypi.org/simple", "Torch_Audio", "https://pypi.org/simple/torch-audio/"},
		{"https://pypi.org/simple/", "zope.interface", "https://pypi.org/simple/zope-interface/"},
		{"https://download.pytorch.org/whl/cu128", "nvidia-cudnn-cu12", "https://download.pytorch.org/whl/cu128/nvidia-cudnn-cu12/"},
		{"HTTPS://mirrors.aliyun.com/pypi/simple", "Pillow", "https://mirrors.aliyun.com/pypi/simple/pillow/"},
		{"https://user:secret@private.example/simple?x=1#frag", "a--b__c", "https://user:secret@private.example/simple/a-b-c/?x=1"},
		{"http://localhost:8080", "x", "http://localhost:8080/x/"},
		{"../wheels", "x", ""},
		{"file:///srv/simple", "x", ""},
		{"https:///simple", "x", ""},
		{"https://pypi.org/simple", "", ""},
		{"https://pypi.org/simple", " Flask ", "https://pypi.org/simple/flask/"},
		{"https://pypi.org/simple", "-x", ""},
		{"https://pypi.org/simple", "x.", ""},
		{"https://pypi.org/simple", "../admin", ""},
		{"https://pypi.org/simple", "a/b", ""},
		{"https://pypi.org/simple", "a?b", ""},
		{"https://pypi.org/simple", "naïve", ""},
	} {
		got, ok := projectURL(tc.index, tc.project)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("projectURL(%q, %q) = %q, %v; want %q", tc.index, tc.project, got, ok, tc.want)
		}
	}
}

func TestErrorRedactsPassword(t *testing.T) {
	reqs := []Request{{Index: "https://user:secret@127.0.0.1:1/simple", Project: "x", Filename: "x.whl"}}
	_, errs := Fetch(context.Background(), reqs, Options{CacheDir: t.TempDir()})
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	if msg := errs[0].Error(); strings.Contains(msg, "secret") || !strings.HasPrefix(msg, "sizes of x from https://user:xxxxx@127.0.0.1:1/simple: ") {
		t.Errorf("error = %q", msg)
	}
}

func TestParsePage(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       map[string]entry
		err        string
	}{
		{"sizes", `{"meta": {"api-version": "1.4"}, "files": [{"filename": "a.whl", "size": 12, "hashes": {"sha256": "ab"}}, {"filename": "b.whl", "size": null}, {"filename": "c.whl", "size": 1.5}, {"filename": "d.whl", "size": -1}, {"size": 3}]}`,
			map[string]entry{"a.whl": {size: 12, hasSize: true, hashes: map[string]string{"sha256": "ab"}}, "b.whl": {}, "c.whl": {}, "d.whl": {}}, ""},
		{"no files", `{"meta": {"api-version": "1.0"}, "name": "x"}`, map[string]entry{}, ""},
		{"major 2", `{"meta": {"api-version": "2.0"}, "files": []}`, nil, `unsupported simple API version "2.0"`},
		{"no meta", `{"files": []}`, nil, "not a JSON simple API page: no meta.api-version"},
		{"html", `<html>`, nil, "not a JSON simple API page: invalid character…"},
		{"wrong type", `{"meta": {"api-version": "1.1"}, "files": {}}`, nil, "not a JSON simple API page: json: cannot unmarshal object…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parsePage([]byte(tc.data))
			if tc.err != "" {
				// A trailing "…" leaves the rest to encoding/json's wording.
				prefix, isPrefix := strings.CutSuffix(tc.err, "…")
				if err == nil || (isPrefix && !strings.HasPrefix(err.Error(), prefix)) || (!isPrefix && err.Error() != tc.err) {
					t.Fatalf("error = %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(got, tc.want, func(a, b entry) bool {
				return a.size == b.size && a.hasSize == b.hasSize && maps.Equal(a.hashes, b.hashes)
			}) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckHash(t *testing.T) {
	e := entry{hashes: map[string]string{"sha256": "abcd", "md5": "99"}}
	for _, tc := range []struct{ lock, err string }{
		{"sha256:abcd", ""},
		{"SHA256:ABCD", ""},
		{"", ""},
		{"sha512:ff", ""},
		{"sha256:abce", "the index lists sha256:abcd, the lock sha256:abce"},
		{"md5:98", "the index lists md5:99, the lock md5:98"},
	} {
		err := e.checkHash(tc.lock)
		if got := fmt.Sprint(err); (tc.err == "" && err != nil) || (tc.err != "" && got != tc.err) {
			t.Errorf("checkHash(%q) = %v, want %q", tc.lock, err, tc.err)
		}
	}
}

func TestContentRangeTotal(t *testing.T) {
	for _, tc := range []struct {
		h    string
		want int64
		ok   bool
	}{
		{"bytes 0-0/250123456", 250123456, true},
		{"bytes 0-0/*", 0, false},
		{"0-0/12", 0, false},
		{"bytes 0-0/-3", 0, false},
		{"", 0, false},
	} {
		got, err := contentRangeTotal(tc.h)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("contentRangeTotal(%q) = %d, %v", tc.h, got, err)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	for _, s := range []string{torchPage, audioPage, numpyPage, `{"meta": {"api-version": "1.1"}, "files": [{"filename": "a", "size": 1e3}]}`, "{", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := parsePage(data)
		if err != nil {
			if files != nil {
				t.Errorf("files %v with error %v", files, err)
			}
			return
		}
		for name, e := range files {
			if name == "" || e.size < 0 || (!e.hasSize && e.size != 0) {
				t.Errorf("bad entry %q: %+v", name, e)
			}
		}
	})
}

func BenchmarkParsePage(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"meta": {"api-version": "1.1"}, "name": "torch", "files": [`)
	for i := range 2000 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"filename": "torch-2.%d.0-cp312-cp312-manylinux_2_28_x86_64.whl", "url": "https://files.example/t%d.whl", "hashes": {"sha256": "1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988"}, "requires-python": ">=3.9", "size": %d, "upload-time": "2024-10-29T17:30:20.123456Z", "yanked": false}`, i, i, 100000+i)
	}
	sb.WriteString("]}")
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parsePage(data); err != nil {
			b.Fatal(err)
		}
	}
}
