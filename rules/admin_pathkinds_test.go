package rules

import (
	"os"
	"regexp"
	"sort"
	"testing"
)

// TestPathKindsCoverGraph: every catalog ID the graph's code names is a
// path kind marked judged or asked, and every kind marked so is named in the
// graph's code, so the list and the edges cannot drift apart.
func TestPathKindsCoverGraph(t *testing.T) {
	src, err := os.ReadFile("helpers_admins.go")
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, m := range regexp.MustCompile(`"([a-z0-9]+-[0-9]{3})"`).FindAllStringSubmatch(string(src), -1) {
		named[m[1]] = true
	}
	var ids []string
	for id := range named {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if k := pathKinds[id]; k != kindJudged && k != kindAsked {
			t.Errorf("the graph names %s, which pathKinds marks %q", id, k)
		}
	}
	for id, k := range pathKinds {
		if (k == kindJudged || k == kindAsked) != named[id] {
			t.Errorf("pathKinds marks %s %q, but the graph's code names it: %v", id, k, named[id])
		}
	}
	if len(pathKinds) != 65 {
		t.Errorf("pathKinds lists %d kinds, the catalog at 84dd65c has 65", len(pathKinds))
	}
}
