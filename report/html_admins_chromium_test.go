package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// TestHTMLAdminsInChromium renders the organization's administrators
// section in headless Chromium: the page script still runs under its CSP,
// the section's counts and rows equal the JSON report's inventories, a
// hostile principal name stays text (no element is made of it), and the
// table's rows are sortable by the page script.
func TestHTMLAdminsInChromium(t *testing.T) {
	bin := chromium(t)
	r := orgAdminsFixture()
	hostile := fixtureAdmins()[0].Principals
	r.Admins[1].Principals = hostile
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, []byte(render(t, "html", Options{}, r)), 0o600); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Admins []result.AdminInventory `json:"admins"`
	}
	if err := json.Unmarshal([]byte(render(t, "json", Options{}, r)), &doc); err != nil {
		t.Fatal(err)
	}
	want := result.CountAdmins(doc.Admins)
	rows := 0
	for _, inv := range doc.Admins {
		rows += len(inv.Principals)
	}

	dom := string(runChromium(t, bin, "--dump-dom", "file://"+page))
	if !regexp.MustCompile(`<body class="[^"]*\bjs\b`).MatchString(dom) {
		t.Error("the page script did not run")
	}
	num := func(id string) int {
		m := regexp.MustCompile(`id="` + id + `"[^>]*>(\d+)<`).FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("rendered DOM has no #%s", id)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if got := []int{num("adm-admin"), num("adm-can"), num("adm-maybe"), num("adm-unprotected"), num("adm-unjudged")}; !slices.Equal(got, []int{want.Admin, want.CanBecome, want.Maybe, want.Unprotected, want.Unjudged}) {
		t.Errorf("administrator counts in the DOM %v, JSON %+v", got, want)
	}
	table := regexp.MustCompile(`(?s)<table class="sortable" id="admins-table">.*?</table>`).FindString(dom)
	if got := strings.Count(table, "<tr data-kind="); got != rows || rows != 5 {
		t.Errorf("the DOM lists %d administrators, the JSON %d", got, rows)
	}
	if strings.Contains(dom, "<script>eve") || !strings.Contains(dom, "&lt;script&gt;eve&lt;/script&gt;") {
		t.Error("a principal's name became markup")
	}
	if !strings.Contains(dom, "333333333333 (dev-sandbox): the account was not audited") {
		t.Error("the account not assessed is not named")
	}
}
