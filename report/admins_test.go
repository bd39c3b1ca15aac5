package report

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// orgAdminsFixture is orgFixture with an inventory per account: one admin
// in the management account, none in prod-payments, and dev-sandbox not
// assessed (it could not be audited).
func orgAdminsFixture() *Report {
	r := orgFixture()
	r.Admins = []result.AdminInventory{
		{AccountID: "111111111111", AccountName: "management", Principals: []result.AdminEntry{
			{Kind: "role", Name: "OrganizationAccountAccessRole", ARN: "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
				Status: result.AdminIs, Hops: 0, Path: "allows every action on every resource by managed policy AdministratorAccess (v1) Statement[0]",
				GrantedBy:  []string{"managed policy AdministratorAccess (v1) Statement[0]"},
				Protection: result.Pass, ProtectionReason: "protected: IAM-ROLE-TRUST-CROSS-ACCOUNT: trusts only its own account"},
		}},
		{AccountID: "222222222222", AccountName: "prod-payments", Principals: []result.AdminEntry{}},
		{AccountID: "333333333333", AccountName: "dev-sandbox", Principals: []result.AdminEntry{},
			Unknown: "the account was not audited: AccessDenied: not authorized"},
	}
	return r
}

// TestAdminsGolden renders the organization's inventories in the formats
// that show them.
func TestAdminsGolden(t *testing.T) {
	for f, file := range map[string]string{"table": "admins_org.txt", "markdown": "admins_org.md", "json": "admins_org.json"} {
		checkGolden(t, file, []byte(render(t, f, Options{}, orgAdminsFixture())))
	}
}

// TestAdminsAbsentIsNotEmpty: a report without an inventory (no admin rule
// ran) shows no administrators section in any format and writes no
// "admins" key; an assessed account with none says so; one that could not
// be assessed says why, never "none".
func TestAdminsAbsentIsNotEmpty(t *testing.T) {
	absent := fixtureReport()
	absent.Admins = nil
	for _, f := range Formats() {
		out := render(t, f, Options{Region: "eu-west-1"}, absent)
		for _, s := range []string{"Administrators", `"admins"`, "admin-table", "can become admin"} {
			if strings.Contains(out, s) {
				t.Errorf("%s without an inventory contains %q", f, s)
			}
		}
	}
	none := fixtureReport()
	none.Admins = []result.AdminInventory{{AccountID: "123456789012", Principals: []result.AdminEntry{}}}
	unknown := fixtureReport()
	unknown.Admins = []result.AdminInventory{{AccountID: "123456789012", Principals: []result.AdminEntry{}, Unknown: "authorization: AccessDenied"}}
	for _, c := range []struct {
		r          *Report
		want, not  map[string]string
		jsonInvent string
	}{
		{none, map[string]string{"table": "0 admin, 0 can become admin", "html": `<p id="admins-none">No IAM user or role`, "markdown": "0 admin, 0 can become admin"},
			map[string]string{"table": "not assessed", "html": "Not assessed", "markdown": "not assessed"},
			`{"account_id":"123456789012","principals":[]}`},
		{unknown, map[string]string{"table": "not assessed: authorization: AccessDenied", "html": "<li>123456789012: authorization: AccessDenied</li>", "markdown": "not assessed: authorization: AccessDenied"},
			map[string]string{"table": "No IAM user", "html": "admins-none", "markdown": "No IAM user"},
			`{"account_id":"123456789012","unknown":"authorization: AccessDenied","principals":[]}`},
	} {
		for f, s := range c.want {
			if out := render(t, f, Options{}, c.r); !strings.Contains(out, s) {
				t.Errorf("%s lacks %q", f, s)
			}
		}
		for f, s := range c.not {
			if out := render(t, f, Options{}, c.r); strings.Contains(out, s) {
				t.Errorf("%s contains %q", f, s)
			}
		}
		if out := render(t, "json", Options{}, c.r); !strings.Contains(out, `"admins": [`+"\n    "+c.jsonInvent+"\n  ],") {
			t.Errorf("json admins section, want %s:\n%s", c.jsonInvent, out)
		}
	}
}

// TestAdminsJSONRoundTrip: what the JSON report says of administrators is
// read back unchanged, absent stays absent and empty stays empty.
func TestAdminsJSONRoundTrip(t *testing.T) {
	for name, r := range map[string]*Report{"fixture": fixtureReport(), "organization": orgAdminsFixture(), "absent": orgFixture()} {
		back, err := ReadJSON(strings.NewReader(render(t, "json", Options{}, r)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(back.Admins, r.Admins) {
			t.Errorf("%s: read back\n%+v\nwant\n%+v", name, back.Admins, r.Admins)
		}
	}
}

// TestAdminsMerge: merged shards keep each account's inventory, in account
// order; an account whose shard has none, next to shards that have one,
// is marked not assessed; shards without any stay without.
func TestAdminsMerge(t *testing.T) {
	one := func(acct string, admins bool) *Report {
		m := fixtureMeta()
		m.AccountID, m.Shard = acct, ""
		r := New(m, nil, nil, nil)
		if admins {
			r.Admins = []result.AdminInventory{{AccountID: acct, Principals: []result.AdminEntry{
				{Kind: "user", Name: "a", ARN: "arn:aws:iam::" + acct + ":user/a", Status: result.AdminIs, Path: "p", Protection: result.Pass}}}}
		}
		return r
	}
	m, err := Merge([]*Report{one("222222222222", true), one("111111111111", true)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Admins) != 2 || m.Admins[0].AccountID != "111111111111" || m.Admins[1].Principals[0].Name != "a" {
		t.Errorf("merged inventories: %+v", m.Admins)
	}
	m, err = Merge([]*Report{one("222222222222", true), one("111111111111", false)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Admins) != 2 || m.Admins[0].Unknown == "" || len(m.Admins[0].Principals) != 0 || m.Admins[1].Unknown != "" {
		t.Errorf("a shard without inventory: %+v", m.Admins)
	}
	m, err = Merge([]*Report{one("222222222222", false), one("111111111111", false)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Admins != nil {
		t.Errorf("no shard assessed administrators, merged %+v", m.Admins)
	}
}

// TestAdminsEscaped: names and statements from the account are text in
// every format that shows the inventory.
func TestAdminsEscaped(t *testing.T) {
	r := fixtureReport()
	r.Admins[0].Principals[2].Name = "eve\x1b[31m<b>x</b>"
	for f, bad := range map[string][]string{
		"html":     {"<script>eve", "<b>x</b>", "\x1b"},
		"markdown": {"<script>eve", "<b>x</b>", "\x1b"},
		"table":    {"\x1b"},
	} {
		out := render(t, f, Options{}, r)
		for _, b := range bad {
			if strings.Contains(out, b) {
				t.Errorf("%s contains %q unescaped", f, b)
			}
		}
	}
	var buf bytes.Buffer
	if err := WriteAdminsTable(&buf, r.Admins); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b") || !strings.Contains(buf.String(), "eve") {
		t.Errorf("admins table:\n%s", buf.String())
	}
}

// TestWriteAdminsTable: the table 'iamaudit admins' prints, one row per
// principal, the protections that are not PASS below; several accounts get
// an ACCOUNT column, and an account not assessed says why.
func TestWriteAdminsTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAdminsTable(&buf, fixtureAdmins()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "admins_command.txt", buf.Bytes())
	buf.Reset()
	if err := WriteAdminsTable(&buf, orgAdminsFixture().Admins); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, s := range []string{"dev-sandbox): UNKNOWN: the account was not audited", "ACCOUNT", "111111111111 (management)  role"} {
		if !strings.Contains(out, s) {
			t.Errorf("org admins table lacks %q:\n%s", s, out)
		}
	}
	buf.Reset()
	if err := WriteAdminsTable(&buf, []result.AdminInventory{{AccountID: "123456789012", Principals: []result.AdminEntry{}}}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "No IAM user or role is, can become, or may be admin.\n" {
		t.Errorf("none: %q", buf.String())
	}
}

// TestAdminsMarkdownCapped: a ticket lists the first 50 principals and
// says how many more the other reports hold.
func TestAdminsMarkdownCapped(t *testing.T) {
	r := fixtureReport()
	var many []result.AdminEntry
	for i := range 60 {
		many = append(many, result.AdminEntry{Kind: "user", Name: "u" + strconv.Itoa(i), Status: result.AdminIs, Protection: result.Pass})
	}
	r.Admins = []result.AdminInventory{{AccountID: "123456789012", Principals: many}}
	out := render(t, "markdown", Options{}, r)
	if !strings.Contains(out, "| user | u49 |") || strings.Contains(out, "| user | u50 |") || !strings.Contains(out, "… and 10 more") {
		t.Errorf("markdown does not cap the inventory at 50 rows:\n%s", out)
	}
}
