package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
	"github.com/iamaudit/iamaudit/result"
)

// adminRow is what an access reviewer reads first of an inventory entry.
type adminRow struct {
	kind, name, status string
	hops               int
	catalog            string // the steps' catalog IDs, comma-separated
	protection         result.Status
}

func adminRows(inv result.AdminInventory) []adminRow {
	var out []adminRow
	for _, e := range inv.Principals {
		var cat []string
		for _, st := range e.Steps {
			cat = append(cat, st.CatalogID)
		}
		out = append(out, adminRow{e.Kind, e.Name, e.Status, e.Hops, strings.Join(cat, ","), e.Protection})
	}
	return out
}

func checkAdminRows(t *testing.T, inv result.AdminInventory, want []adminRow) {
	t.Helper()
	got := adminRows(inv)
	for i := range max(len(got), len(want)) {
		var g, w adminRow
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("row %d: got %+v, want %+v", i, g, w)
		}
	}
}

// TestAdminInventoryIAMVulnerable: the inventory of the BishopFox
// iam-vulnerable lab (see iamVulnerableLab) lists exactly the principals
// IAM-ADMIN-ESCALATION-PATH passes as admin, fails (can become admin, with
// the catalog ID of each step) or leaves UNKNOWN (may be admin); the users
// with no path (privesc2, privesc9, privesc12, fp*) and the roles of
// privesc7, 8, 10, 11 and 13 are not listed.
func TestAdminInventoryIAMVulnerable(t *testing.T) {
	s, _ := iamVulnerableLab()
	inv := Admins(s, Config{})
	if inv.Unknown != "" || inv.AccountID != s.Account.ID {
		t.Fatalf("inventory of %s: unknown %q", inv.AccountID, inv.Unknown)
	}
	const can, may = result.AdminCanBecome, result.AdminMaybe
	u := func(name, status string, hops int, cat string, p result.Status) adminRow {
		return adminRow{"user", name, status, hops, cat, p}
	}
	r := func(name, status string, hops int, cat string, p result.Status) adminRow {
		return adminRow{"role", name, status, hops, cat, p}
	}
	checkAdminRows(t, inv, []adminRow{
		// The lab's account summary and report say nothing of root.
		{"root", "<root_account>", result.AdminIs, 0, "", result.Unknown},
		u("admin-keys", result.AdminIs, 0, "", result.Pass),
		// A console password without MFA: admin and unprotected.
		u("admin-console", result.AdminIs, 0, "", result.Fail),
		u("privesc1-CreateNewPolicyVersion-user", can, 1, "iam-001", result.Pass),
		u("privesc3-CreateEC2WithExistingIP-user", can, 1, "ec2-001", result.Pass),
		u("privesc4-CreateAccessKey-user", can, 1, "iam-002", result.Pass),
		u("privesc5-CreateLoginProfile-user", can, 1, "iam-004", result.Pass),
		u("privesc6-UpdateLoginProfile-user", can, 1, "iam-006", result.Pass),
		u("privesc7-AttachUserPolicy-user", can, 1, "iam-008", result.Pass),
		u("privesc8-AttachGroupPolicy-user", can, 1, "iam-010", result.Pass),
		u("privesc10-PutUserPolicy-user", can, 1, "iam-007", result.Pass),
		u("privesc11-PutGroupPolicy-user", can, 1, "iam-011", result.Pass),
		u("privesc13-AddUserToGroup-user", can, 1, "iam-013", result.Pass),
		u("privesc14-UpdatingAssumeRolePolicy-user", can, 1, "iam-012", result.Pass),
		u("privesc15-PassExistingRoleToNewLambdaThenInvoke-user", can, 1, "lambda-001", result.Pass),
		u("privesc17-EditExistingLambdaFunctionWithRole-user", may, -1, "", result.Pass),
		u("privesc20-PassExistingRoleToCloudFormation-user", can, 1, "cloudformation-001", result.Pass),
		u("fn2-exploitableResourceConstraint-user", can, 1, "iam-001", result.Pass),
		u("fn3-exploitableConditionConstraint-user", can, 1, "iam-001", result.Pass),
		u("fn4-exploitableNotAction-user", can, 1, "iam-007", result.Pass),
		r("privesc-high-priv-service-role", result.AdminIs, 0, "", result.Pass),
		// The lab's roles trust a user of another account without an
		// external ID: the cross-account trust rule fails them.
		r("privesc1-CreateNewPolicyVersion-role", can, 1, "iam-001", result.Fail),
		r("privesc3-CreateEC2WithExistingIP-role", can, 1, "ec2-001", result.Fail),
		r("privesc4-CreateAccessKey-role", can, 1, "iam-002", result.Fail),
		r("privesc5-CreateLoginProfile-role", can, 1, "iam-004", result.Fail),
		r("privesc6-UpdateLoginProfile-role", can, 1, "iam-006", result.Fail),
		r("privesc9-AttachRolePolicy-role", can, 1, "iam-009", result.Fail),
		r("privesc12-PutRolePolicy-role", can, 1, "iam-005", result.Fail),
		r("privesc14-UpdatingAssumeRolePolicy-role", can, 1, "iam-012", result.Fail),
		r("privesc15-PassExistingRoleToNewLambdaThenInvoke-role", can, 1, "lambda-001", result.Fail),
		r("privesc17-EditExistingLambdaFunctionWithRole-role", may, -1, "", result.Unknown),
		r("privesc20-PassExistingRoleToCloudFormation-role", can, 1, "cloudformation-001", result.Fail),
		r("fn2-exploitableResourceConstraint-role", can, 1, "iam-001", result.Fail),
		r("fn3-exploitableConditionConstraint-role", can, 1, "iam-001", result.Fail),
		r("fn4-exploitableNotAction-role", can, 1, "iam-005", result.Fail),
	})
	// The entries say what the rules say: each listed principal's status
	// matches IAM-ADMIN-ESCALATION-PATH's verdict on it.
	verdict := map[string]result.Status{}
	for _, res := range Evaluate(s, []Rule{AdminEscalationPath}, Config{}) {
		verdict[res.Resource] = res.Status
	}
	for _, e := range inv.Principals[1:] {
		want := map[string]result.Status{result.AdminIs: result.Pass, result.AdminCanBecome: result.Fail, result.AdminMaybe: result.Unknown}[e.Status]
		if verdict[e.ARN] != want {
			t.Errorf("%s %s is %q in the inventory but %s for IAM-ADMIN-ESCALATION-PATH", e.Kind, e.Name, e.Status, verdict[e.ARN])
		}
		switch e.Status {
		case result.AdminIs:
			if len(e.GrantedBy) == 0 || len(e.Steps) > 0 {
				t.Errorf("admin %s: granted_by %q, steps %v", e.Name, e.GrantedBy, e.Steps)
			}
		case result.AdminCanBecome:
			if e.Steps[0].From != e.ARN || len(e.Steps[0].GrantedBy) == 0 || e.Unknown != "" {
				t.Errorf("%s: first step %+v, unknown %q", e.Name, e.Steps[0], e.Unknown)
			}
		case result.AdminMaybe:
			if e.Unknown == "" || len(e.Steps) > 0 {
				t.Errorf("%s may be admin without saying why", e.Name)
			}
		}
		if strings.HasPrefix(e.ProtectionReason, "is admin") || strings.HasPrefix(e.ProtectionReason, "can become admin") {
			t.Errorf("%s: protection reason repeats the path: %q", e.Name, e.ProtectionReason)
		}
	}
}

// TestAdminInventoryMultiHop: each hop names who acts, as whom, the catalog
// ID and the granting statement; in a member account the SCP caveat is
// kept.
func TestAdminInventoryMultiHop(t *testing.T) {
	mid := admRole("mid", admTrustEve, false, polInline("self", admDoc(admAllow("iam:PutRolePolicy", polRoleARN("mid")))))
	s := credSummary(admSnap([]audit.User{admBoss(), admEve("")}, []audit.Role{mid}, nil, nil),
		map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "AccountSigningCertificatesPresent": 0})
	inv := Admins(s, Config{})
	checkAdminRows(t, inv, []adminRow{
		{"root", "<root_account>", result.AdminIs, 0, "", result.Pass},
		{"user", "boss", result.AdminIs, 0, "", result.Pass},
		{"user", "eve", result.AdminCanBecome, 2, "sts-001,iam-005", result.Pass},
		{"role", "mid", result.AdminCanBecome, 1, "iam-005", result.Pass},
	})
	if r := inv.Principals[0]; r.ARN != "arn:aws:iam::123456789012:root" || r.Caveat != "" ||
		!strings.HasPrefix(r.ProtectionReason, "protected: IAM-ROOT-ACCESS-KEYS: ") ||
		!strings.Contains(r.ProtectionReason, "; IAM-ROOT-MFA: AccountMFAEnabled is 1") || !strings.Contains(r.ProtectionReason, "; IAM-ROOT-SIGNING-CERTS: ") {
		t.Errorf("root: %+v", r)
	}
	eve := inv.Principals[2]
	want := []result.AdminStep{
		{From: polUserARN("eve"), To: polRoleARN("mid"), Action: "assume role mid", CatalogID: "sts-001",
			GrantedBy: []string{"its trust policy admits it by trust policy of role mid Statement[0]"}},
		{From: polRoleARN("mid"), Action: "put an inline admin policy on itself", CatalogID: "iam-005",
			GrantedBy: []string{"iam:PutRolePolicy by inline policy self of role mid Statement[0]"}},
	}
	if !reflect.DeepEqual(eve.Steps, want) {
		t.Errorf("eve's steps:\n got %+v\nwant %+v", eve.Steps, want)
	}
	if eve.Caveat != "" {
		t.Errorf("standalone account: caveat %q", eve.Caveat)
	}
	s.Organization = &audit.Organization{InOrganization: true, ID: "o-example", ManagementAccountID: polOther}
	s.AccountSummary.Values["AccountMFAEnabled"] = 0
	inv = Admins(s, Config{})
	if c := inv.Principals[2].Caveat; !strings.Contains(c, "unless a service control policy denies iam:PutRolePolicy") {
		t.Errorf("member account: caveat %q", c)
	}
	// Root without MFA is unprotected; in a member account an SCP can
	// still limit it.
	if r := inv.Principals[0]; r.Protection != result.Fail || !strings.Contains(r.ProtectionReason, "unprotected: IAM-ROOT-MFA: AccountMFAEnabled is 0") ||
		!strings.Contains(r.Caveat, "unless a service control policy denies its actions") {
		t.Errorf("root in a member account, without MFA: %+v", r)
	}
}

// TestAdminInventoryNotAssessed: no authorization details means no rows
// and the reason, never an empty "none found"; a scan whose rules include
// no admin rule has no inventory at all.
func TestAdminInventoryNotAssessed(t *testing.T) {
	s := admSnap([]audit.User{admBoss()}, nil, nil, nil)
	s.Authorization = nil
	inv := Admins(s, Config{})
	if inv.Unknown == "" || len(inv.Principals) != 0 || inv.Principals == nil {
		t.Errorf("no authorization details: %+v", inv)
	}
	bad := admSnap([]audit.User{admBoss()}, nil, nil, nil)
	bad.Account.ID = "12"
	if inv := Admins(bad, Config{}); !strings.Contains(inv.Unknown, "identity is unusable") {
		t.Errorf("bad account ID: %+v", inv)
	}
	if _, inv := EvaluateWithAdmins(s, []Rule{RootMFA, UserConsoleMFA}, Config{}); inv != nil {
		t.Errorf("no admin rule selected, inventory %+v", inv)
	}
	none := admSnap([]audit.User{polUser("plain")}, nil, nil, nil)
	if inv := Admins(none, Config{}); inv.Unknown != "" || len(inv.Principals) != 1 || inv.Principals[0].Kind != "root" {
		t.Errorf("no IAM admin: want an assessed inventory of root alone, got %+v", inv)
	}
}

// TestEvaluateWithAdminsSharesTheGraph: the inventory reads the graph the
// rules built, and agrees with Admins whichever admin rule was selected.
func TestEvaluateWithAdminsSharesTheGraph(t *testing.T) {
	s, _ := iamVulnerableLab()
	ctx := NewContext(s, Config{})
	evaluate(ctx, []Rule{AdminEscalationPath, UserMFA}, true)
	built := ctx.admins
	if built == nil {
		t.Fatal("the rule built no graph")
	}
	adminEntries(ctx, nil)
	if ctx.admins != built {
		t.Error("the inventory built a second graph")
	}
	want := Admins(s, Config{})
	for _, rs := range [][]Rule{{AdminEscalationPath}, {AdminUnprotected}, All()} {
		_, inv := EvaluateWithAdmins(s, rs, Config{})
		if !reflect.DeepEqual(*inv, want) {
			t.Errorf("rules %d: the inventory differs from Admins'", len(rs))
		}
	}
}
