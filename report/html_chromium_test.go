package report

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds a Chromium binary; outside CI a missing one skips the
// test, in CI (CI=true, where .ci/run installs the Debian package) it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no chromium binary on PATH: .ci/run installs the Debian package chromium")
	}
	t.Skip("chromium not installed (apt-get install chromium): skipping the headless rendering test of the HTML report")
	return ""
}

// runChromium runs headless Chromium with a fresh profile, isolated from
// the network and from background services.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr)
	}
	return out
}

// TestHTMLInChromium renders the fixture's HTML report in headless
// Chromium: the page's script runs under its CSP (the body gets class
// "js"), the summary numbers in the rendered DOM equal the JSON report's,
// and a full-page screenshot is taken.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	r := fixtureReport()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(render(t, "html", Options{}, r)), 0o600); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Score struct {
			Value    *float64 `json:"value"`
			Grade    string   `json:"grade"`
			Complete bool     `json:"complete"`
			Counts   []struct {
				Severity                           string
				Fail, Unknown, Manual, Pass, Total int
			} `json:"counts"`
			Totals struct{ Fail, Unknown, Manual, Pass, Total int } `json:"totals"`
		} `json:"score"`
	}
	if err := json.Unmarshal([]byte(render(t, "json", Options{}, r)), &doc); err != nil {
		t.Fatal(err)
	}

	dom := string(runChromium(t, bin, "--dump-dom", "file://"+page))
	if !regexp.MustCompile(`<body class="[^"]*\bjs\b`).MatchString(dom) {
		t.Error("the page script did not run: its CSP hash does not match, or it failed")
	}
	text := func(id string) string {
		m := regexp.MustCompile(`id="` + id + `"[^>]*>([^<]*)<`).FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("rendered DOM has no #%s", id)
		}
		return strings.TrimSpace(m[1])
	}
	if got, want := text("sum-score"), fmt.Sprintf("%.1f", *doc.Score.Value); got != want {
		t.Errorf("score in the DOM %q, JSON %q", got, want)
	}
	if got := text("sum-grade"); got != doc.Score.Grade {
		t.Errorf("grade in the DOM %q, JSON %q", got, doc.Score.Grade)
	}
	if got, want := text("sum-complete"), map[bool]string{true: "COMPLETE", false: "INCOMPLETE"}[doc.Score.Complete]; got != want {
		t.Errorf("completeness in the DOM %q, want %q", got, want)
	}
	cell := func(sev, status string) int {
		row := regexp.MustCompile(`(?s)<tr data-severity="` + sev + `">(.*?)</tr>`).FindStringSubmatch(dom)
		if row == nil {
			t.Fatalf("rendered DOM has no counts row for %s", sev)
		}
		m := regexp.MustCompile(`data-count="` + status + `">(\d+)<`).FindStringSubmatch(row[1])
		if m == nil {
			t.Fatalf("counts row %s has no %s cell", sev, status)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	for _, c := range doc.Score.Counts {
		got := []int{cell(c.Severity, "fail"), cell(c.Severity, "unknown"), cell(c.Severity, "manual"), cell(c.Severity, "pass"), cell(c.Severity, "total")}
		if want := []int{c.Fail, c.Unknown, c.Manual, c.Pass, c.Total}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s counts in the DOM %v, JSON %v", c.Severity, got, want)
		}
	}
	tt := doc.Score.Totals
	if got, want := []int{cell("TOTAL", "fail"), cell("TOTAL", "unknown"), cell("TOTAL", "manual"), cell("TOTAL", "pass"), cell("TOTAL", "total")},
		[]int{tt.Fail, tt.Unknown, tt.Manual, tt.Pass, tt.Total}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("totals in the DOM %v, JSON %v", got, want)
	}
	// The filter script counted every rule group as shown.
	if got, want := text("shown"), strconv.Itoa(strings.Count(dom, `<details class="group"`)); got != want {
		t.Errorf("filter shows %s rule groups, the page has %s", got, want)
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,2400", "--hide-scrollbars", "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2400 {
		t.Errorf("screenshot is %dx%d, want 1280x2400", b.Dx(), b.Dy())
	}
	t.Logf("screenshot: %s", shot)
}
