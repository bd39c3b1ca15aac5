package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
	"gopkg.in/yaml.v3"
)

// labScenario is one account of testdata/admins/pathfinding-labs.yaml (see
// its header for the source, the credit and the shorthands).
type labScenario struct {
	Name     string            `yaml:"name"`
	Differs  string            `yaml:"differs"`
	Policies map[string]string `yaml:"policies"`
	Groups   []labPrincipal    `yaml:"groups"`
	Users    []labPrincipal    `yaml:"users"`
	Roles    []labPrincipal    `yaml:"roles"`
}

type labPrincipal struct {
	Name     string   `yaml:"name"`
	Groups   []string `yaml:"groups"`
	Attached []string `yaml:"attached"`
	Inline   string   `yaml:"inline"`
	Boundary string   `yaml:"boundary"`
	Trust    string   `yaml:"trust"`
	// Profiles: a role's instance profiles; nil when the fixture omits
	// them (not collected).
	Profiles *[]string `yaml:"profiles"`
	Cred     struct {
		Password, MFA bool
		Keys          int
	} `yaml:"cred"`
	Differs string   `yaml:"differs"`
	Expect  []string `yaml:"expect"`
}

// TestAdminLabsPathfinding: every principal of every scenario gets the
// verdict the fixture states, with the words it names (the catalog ID of
// the first hop, or why not).
func TestAdminLabsPathfinding(t *testing.T) {
	raw, err := os.ReadFile("testdata/admins/pathfinding-labs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Scenarios []labScenario `yaml:"scenarios"`
	}
	if err := yaml.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Scenarios) < 50 {
		t.Fatalf("read %d scenarios", len(fx.Scenarios))
	}
	principals := 0
	for _, sc := range fx.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			s, want := sc.snapshot(t)
			principals += len(want)
			runRule(t, AdminEscalationPath, s, want)
		})
	}
	if principals < 120 {
		t.Errorf("judged %d principals", principals)
	}
}

func (sc labScenario) snapshot(t *testing.T) (*audit.Snapshot, []ruleWant) {
	attach := func(names []string) []audit.AttachedPolicy {
		var out []audit.AttachedPolicy
		for _, n := range names {
			if n == "AdministratorAccess" {
				out = append(out, polAttach(polAWSAdminARN))
			} else {
				out = append(out, polAttach(polPolicyARN(n)))
			}
		}
		return out
	}
	inline := func(owner string, p labPrincipal) []audit.InlinePolicy {
		if p.Inline == "" {
			return nil
		}
		return []audit.InlinePolicy{polInline(owner+"-policy", admDoc(p.Inline))}
	}
	boundary := func(name string) string {
		if name == "" {
			return ""
		}
		return polPolicyARN(name)
	}
	var pols []audit.ManagedPolicy
	for name, stmts := range sc.Policies {
		pols = append(pols, polCustomer(name, admDoc(stmts), 1))
	}
	var groups []audit.Group
	for _, g := range sc.Groups {
		gr := polGroup(g.Name)
		gr.AttachedPolicies, gr.InlinePolicies = attach(g.Attached), inline(g.Name, g)
		groups = append(groups, gr)
	}
	var users []audit.User
	var rows []audit.CredentialRow
	var want []ruleWant
	expect := func(arn string, p labPrincipal) {
		if len(p.Expect) == 0 {
			t.Fatalf("%s has no expected verdict", p.Name)
		}
		st := map[string]result.Status{"PASS": result.Pass, "FAIL": result.Fail, "UNKNOWN": result.Unknown}[p.Expect[0]]
		if st == "" {
			t.Fatalf("%s: bad status %q", p.Name, p.Expect[0])
		}
		want = append(want, ruleWant{arn, st, p.Expect[1:]})
	}
	for _, p := range sc.Users {
		u := polUser(p.Name, p.Groups...)
		u.AttachedPolicies, u.InlinePolicies, u.PermissionsBoundary = attach(p.Attached), inline(p.Name, p), boundary(p.Boundary)
		users = append(users, u)
		r := credUser(p.Name)
		if p.Cred.Password {
			r = credConsole(r, credDaysAgo(1), p.Cred.MFA)
		}
		r.MFAActive = audit.ReportBool{State: audit.StateSet, Value: p.Cred.MFA}
		for k := 0; k < p.Cred.Keys; k++ {
			r.AccessKeys[k] = credKey(true, credDaysAgo(10), credDaysAgo(1))
		}
		rows = append(rows, r)
		expect(u.ARN, p)
	}
	var roles []audit.Role
	var roleWants []ruleWant
	for _, p := range sc.Roles {
		trust := p.Trust
		switch {
		case trust == "account":
			trust = admTrustAccount
		case strings.HasPrefix(trust, "service:"):
			trust = admTrustService(strings.TrimPrefix(trust, "service:"))
		case strings.HasPrefix(trust, "user:"):
			trust = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"` + polUserARN(strings.TrimPrefix(trust, "user:")) + `"},"Action":"sts:AssumeRole"}}`
		}
		r := polRole(p.Name, trust)
		r.AttachedPolicies, r.InlinePolicies, r.PermissionsBoundary = attach(p.Attached), inline(p.Name, p), boundary(p.Boundary)
		if p.Profiles != nil {
			ps := []audit.InstanceProfile{}
			for _, name := range *p.Profiles {
				ps = append(ps, audit.InstanceProfile{Name: name, ARN: "arn:aws:iam::123456789012:instance-profile/" + name, Path: "/"})
			}
			r.InstanceProfiles = &ps
		}
		roles = append(roles, r)
		n := len(want)
		expect(r.ARN, p)
		roleWants, want = append(roleWants, want[n]), want[:n]
	}
	// Results come users first, then roles, each in snapshot order.
	return admSnap(users, roles, groups, pols, rows...), append(want, roleWants...)
}
