// Package sizes looks up the download size of artifacts whose size uv.lock
// does not record: wheels from download.pytorch.org, from mirrors that drop
// the size, and from direct URLs.
//
// This is the only network access ballast ever makes, and only when asked
// (--fetch-sizes); everything else ballast does is static.
//
// For an artifact from an index, Fetch asks the index's project page in the
// JSON form of the simple repository API (PEP 691), whose file entries carry
// a size since API version 1.1 (PEP 700). The page's URL is the index URL,
// the project name normalized as PEP 503 says, and a trailing slash. An
// entry is used only when its sha256 agrees with the lock's hash. An index
// that answers with HTML, or a JSON page without sizes, gives no size; for
// such artifacts, and for direct URLs, Fetch asks the artifact's own URL
// for its length: a HEAD request's Content-Length, else the total of a
// one-byte range request.
//
// Answers are cached on disk, the raw project page per index and project
// and the size per artifact URL, under file names derived from a SHA-256 of
// the URL. A project page older than Options.MaxAge is fetched again; an
// artifact's size, pinned by the lock's hash, does not expire.
// Options.Offline reads only the cache.
package sizes
