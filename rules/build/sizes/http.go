package sizes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// errHTML is an index answering in the HTML form, which has no sizes.
var errHTML = errors.New("the index serves HTML only")

func (f *fetcher) newRequest(ctx context.Context, method, u string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, http.NoBody)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent)
	return req, nil
}

// get fetches a project page in the JSON form.
func (f *fetcher) get(ctx context.Context, u string) ([]byte, error) {
	req, err := f.newRequest(ctx, http.MethodGet, u)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", acceptJSON)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, statusError(resp)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "text/html" || strings.HasSuffix(mt, "+html") {
		return nil, errHTML
	}
	if resp.ContentLength > f.maxBody {
		return nil, f.tooLarge()
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", redact(u), err)
	}
	if int64(len(data)) > f.maxBody {
		return nil, f.tooLarge()
	}
	return data, nil
}

func (f *fetcher) tooLarge() error {
	return fmt.Errorf("response larger than %d MiB refused", f.maxBody>>20)
}

func statusError(resp *http.Response) error {
	return fmt.Errorf("HTTP %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}

// artifactSize asks the artifact's URL for its length: a HEAD request's
// Content-Length, else, for servers that refuse HEAD (signed download
// links are often signed for GET only), the total of a one-byte range
// request.
func (f *fetcher) artifactSize(ctx context.Context, u string) (int64, error) {
	n, err := f.headLength(ctx, u)
	if err == nil {
		return n, nil
	}
	if n, rerr := f.rangeLength(ctx, u); rerr == nil {
		return n, nil
	}
	return 0, err
}

func (f *fetcher) headLength(ctx context.Context, u string) (int64, error) {
	req, err := f.newRequest(ctx, http.MethodHead, u)
	if err != nil {
		return 0, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("HEAD: %w", statusError(resp))
	}
	if resp.ContentLength < 0 {
		return 0, errors.New("HEAD: no Content-Length")
	}
	return resp.ContentLength, nil
}

func (f *fetcher) rangeLength(ctx context.Context, u string) (int64, error) {
	req, err := f.newRequest(ctx, http.MethodGet, u)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Range", "bytes=0-0")
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close() // without reading: a server ignoring Range sends it all
	if resp.StatusCode != http.StatusPartialContent {
		return 0, fmt.Errorf("range request: %w", statusError(resp))
	}
	return contentRangeTotal(resp.Header.Get("Content-Range"))
}

// contentRangeTotal reads the complete length from "bytes 0-0/12345".
func contentRangeTotal(h string) (int64, error) {
	_, total, ok := strings.Cut(h, "/")
	if !ok || !strings.HasPrefix(h, "bytes ") {
		return 0, fmt.Errorf("invalid Content-Range %q", h)
	}
	n, err := strconv.ParseInt(total, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid Content-Range %q", h)
	}
	return n, nil
}
