package policy

import (
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, doc string) *Document {
	t.Helper()
	d, err := Parse(doc)
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	return d
}

func TestParseShapes(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []Statement
	}{
		{
			name: "statement object, string elements",
			doc:  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`,
			want: []Statement{{Effect: Allow, Action: []string{"s3:GetObject"}, Resource: []string{"*"}}},
		},
		{
			name: "statement array, array elements",
			doc:  `{"Statement":[{"Sid":"a","Effect":"Deny","Action":["s3:*","iam:*"],"Resource":["arn:aws:s3:::b","*"]}]}`,
			want: []Statement{{Sid: "a", Effect: Deny, Action: []string{"s3:*", "iam:*"}, Resource: []string{"arn:aws:s3:::b", "*"}}},
		},
		{
			name: "NotAction and NotResource",
			doc:  `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":["arn:aws:s3:::x"]}]}`,
			want: []Statement{{Effect: Allow, NotAction: []string{"iam:*"}, HasNotAction: true, NotResource: []string{"arn:aws:s3:::x"}, HasNotResource: true}},
		},
		{
			name: "principal star and condition of mixed value types",
			doc:  `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":true},"NumericLessThan":{"n":[1,2.5]}}}}`,
			want: []Statement{{Effect: Allow, Principal: &Principal{Wildcard: true}, Action: []string{"sts:AssumeRole"},
				Condition: map[string]map[string][]string{"Bool": {"aws:MultiFactorAuthPresent": {"true"}}, "NumericLessThan": {"n": {"1", "2.5"}}}}},
		},
		{
			name: "principal map",
			doc:  `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"],"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},"Action":"sts:AssumeRole"}}`,
			want: []Statement{{Effect: Allow, Action: []string{"sts:AssumeRole"}, Principal: &Principal{
				AWS: []string{"arn:aws:iam::111122223333:root"}, Service: []string{"ec2.amazonaws.com"},
				Federated: []string{"cognito-identity.amazonaws.com"}, CanonicalUser: []string{"abc"}}}},
		},
		{
			name: "NotPrincipal",
			doc:  `{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*","Resource":"*"}}`,
			want: []Statement{{Effect: Deny, NotPrincipal: &Principal{AWS: []string{"arn:aws:iam::111122223333:root"}}, Action: []string{"*"}, Resource: []string{"*"}}},
		},
		{
			name: "URL-encoded leftover",
			doc:  `%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%7D`,
			want: []Statement{{Effect: Allow, Action: []string{"*"}, Resource: []string{"*"}}},
		},
		{
			name: "empty statement array",
			doc:  `{"Version":"2012-10-17","Statement":[]}`,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.doc)
			if !reflect.DeepEqual(d.Statements, tt.want) {
				t.Errorf("statements:\n got %#v\nwant %#v", d.Statements, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ doc, want string }{
		{``, "policy document: empty"},
		{`null`, "want a JSON object, got null"},
		{`[1]`, "policy document: json: cannot unmarshal array"},
		{`{"Version":"2012-10-17"}`, "no Statement element"},
		{`{"statement":[]}`, `unknown element "statement"`},
		{`{"Version":"2012-10-18","Statement":[]}`, `want 2012-10-17 or 2008-10-17, got "2012-10-18"`},
		{`{"Version":"","Statement":[]}`, `want 2012-10-17 or 2008-10-17, got ""`},
		{`{"Statement":"x"}`, "Statement: want an object or an array"},
		{`{"Statement":[{"Effect":"Allow","Action":"*"},{"Effect":"Allow","Action":"*"},{"Effect":"allow","Action":"*"}]}`,
			`policy document: Statement[2].Effect: want Allow or Deny, got "allow"`},
		{`{"Statement":{"Action":"*"}}`, "Statement[0].Effect: missing"},
		{`{"Statement":{"Effect":"Allow","Resource":"*"}}`, "Statement[0].Action: missing"},
		{`{"Statement":{"Effect":"Allow","Action":"*","NotAction":"s3:*"}}`, "Action and NotAction are both set"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"x"}}`, "Resource and NotResource are both set"},
		{`{"Statement":{"Effect":"Allow","Action":7}}`, "Statement[0].Action: want a string or an array of strings"},
		{`{"Statement":{"Effect":"Allow","Action":["s3:x",7]}}`, "Statement[0].Action: want a string or an array of strings"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":"me"}}`, `a string principal must be "*"`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Principal":{"Bob":"x"}}}`, `unknown principal type "Bob"`},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":"x"}}`, "Statement[0].Condition: want an object"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Condition":{"Bool":{"k":{"x":1}}}}}`, "Condition: Bool.k: want a string"},
		{`{"Statement":{"Effect":"Allow","Action":"*","Foo":1}}`, "Statement[0].Foo: unknown element"},
		{`{"Statement":[]} {}`, "trailing data"},
		{`{"Statement":[`, "unexpected EOF"},
		{`%7B%ZZ`, "URL-decode"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.doc)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", tt.doc, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %q, want it to contain %q", tt.doc, err, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "iam:CreateUser", true},
		{"*:*", "iam:CreateUser", true},
		{"iam:*", "IAM:CreateUser", true},
		{"IAM:*", "iam:createuser", true},
		{"s3:Get*", "s3:GetObject", true},
		{"s3:Get*", "s3:PutObject", false},
		{"s3:*Object", "s3:GetObject", true},
		{"s3:*Object", "s3:GetObjectAcl", false},
		{"s3:Get?bject", "s3:GetObject", true},
		{"s3:Get?bject", "s3:GetOObject", false},
		{"iam:PassRole", "iam:passrole", true},
		{"iam:PassRole", "iam:PassRoles", false},
		{"a*a*a*a*a*a*a*b", strings.Repeat("a", 60), false},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.action); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestAllows(t *testing.T) {
	d := mustParse(t, `{"Statement":[
		{"Effect":"Allow","Action":["s3:Get*","IAM:PassRole"],"Resource":"*"},
		{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"*","Resource":"*"}]}`)
	tests := []struct {
		stmt   int
		action string
		want   bool
	}{
		{0, "s3:GetObject", true},
		{0, "iam:passrole", true},
		{0, "s3:PutObject", false},
		{1, "s3:PutObject", true},
		{1, "iam:CreateUser", false},
		{2, "s3:GetObject", false}, // Deny never allows
	}
	for _, tt := range tests {
		if got := d.Statements[tt.stmt].Allows(tt.action); got != tt.want {
			t.Errorf("Statement[%d].Allows(%q) = %v, want %v", tt.stmt, tt.action, got, tt.want)
		}
	}
	if !d.Statements[2].Covers("s3:GetObject") {
		t.Errorf("Deny Statement[2].Covers(s3:GetObject) = false, want true")
	}
}

func TestGrantsFullAdmin(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		admin bool
		want  AdminGrant
	}{
		{"star on star", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, true, AdminGrant{Statements: []int{0}}},
		{"star-colon-star in array", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":["ec2:*","*:*"],"Resource":["*"]}]}`, true, AdminGrant{Statements: []int{1}}},
		{"service wildcard is not admin", `{"Statement":{"Effect":"Allow","Action":"IAM:*","Resource":"*"}}`, false, AdminGrant{}},
		{"resource not star", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*"}}`, false, AdminGrant{}},
		{"conditional", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`, true, AdminGrant{Statements: []int{0}, Conditional: true}},
		{"one conditional one not", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},{"Effect":"Allow","Action":"*","Resource":"*"}]}`, true, AdminGrant{Statements: []int{0, 1}}},
		{"deny only", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`, false, AdminGrant{}},
		{"allow narrowed by deny", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`, true, AdminGrant{Statements: []int{0}, DenyStatements: 1}},
		{"NotAction leaving IAM", `{"Statement":{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}}`, true, AdminGrant{Statements: []int{0}, ViaNotAction: true}},
		{"PowerUserAccess", `{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:ListRoles"],"Resource":"*"}]}`, false, AdminGrant{}},
		{"NotAction with wildcard touching iam", `{"Statement":{"Effect":"Allow","NotAction":"i*","Resource":"*"}}`, false, AdminGrant{}},
		// A NotResource that excludes no IAM resource leaves its holder able to grant itself
		// anything, like a NotAction that excludes no IAM action (issue 7, class 5).
		{"NotResource excluding no IAM resource", `{"Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::secret"}}`, true, AdminGrant{Statements: []int{0}, ViaNotResource: true}},
		{"NotAction with NotResource", `{"Statement":{"Effect":"Allow","NotAction":"s3:DeleteBucket","NotResource":"arn:aws:s3:::secret"}}`, true, AdminGrant{Statements: []int{0}, ViaNotAction: true, ViaNotResource: true}},
		{"NotResource excluding an IAM role", `{"Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:iam::111122223333:role/admin"}}`, false, AdminGrant{}},
		{"action array with star", `{"Statement":{"Effect":"Allow","Action":["*"],"Resource":["arn:aws:s3:::b","*"]}}`, true, AdminGrant{Statements: []int{0}}},
		{"trust policy has no resource", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*"}}`, false, AdminGrant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := mustParse(t, tt.doc).GrantsFullAdmin()
			if ok != tt.admin || !reflect.DeepEqual(g, tt.want) {
				t.Errorf("GrantsFullAdmin() = %+v, %v; want %+v, %v", g, ok, tt.want, tt.admin)
			}
		})
	}
}

func TestAdminGrantDescribe(t *testing.T) {
	g := AdminGrant{Statements: []int{0, 2}, Conditional: true, DenyStatements: 1}
	want := "Statement[0], Statement[2] allows all actions on all resources (conditional: every granting statement has a Condition; the document also has 1 Deny statement(s), which may narrow it; CIS and Security Hub judge Allow statements only)"
	if got := g.Describe(); got != want {
		t.Errorf("Describe() =\n %q\nwant\n %q", got, want)
	}
}

func TestServiceWildcards(t *testing.T) {
	d := mustParse(t, `{"Statement":[
		{"Effect":"Allow","Action":["ec2:Describe*","s3:*"],"Resource":"arn:aws:s3:::b/*"},
		{"Effect":"Deny","Action":"iam:*","Resource":"*"},
		{"Effect":"Allow","NotAction":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Allow","Action":"s3:*Object","Resource":"*"}]}`)
	want := []ServiceWildcard{
		{Statement: 0, Pattern: "s3:*"},
		{Statement: 2, Pattern: "NotAction", Conditional: true},
		{Statement: 3, Pattern: "*"},
	}
	if got := d.ServiceWildcards(); !reflect.DeepEqual(got, want) {
		t.Errorf("ServiceWildcards() =\n %+v\nwant\n %+v", got, want)
	}
}

func escalationNames(es []Escalation) []string {
	var out []string
	for _, e := range es {
		n := e.Name
		if e.Conditional {
			n += "(conditional)"
		}
		out = append(out, n)
	}
	return out
}

func TestEscalations(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"single action", `{"Statement":{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*"}}`, []string{"CreatePolicyVersion"}},
		{"scoped resource does not count", `{"Statement":{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::111122223333:policy/x"}}`, nil},
		{"PassRole alone is not a path", `{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}}`, nil},
		{"PassRole + RunInstances across statements", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"EC2:Run*","Resource":"*"}]}`, []string{"PassRole+EC2"}},
		{"PassRole scoped", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::1:role/app"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`, nil},
		{"lambda needs invoke or mapping", `{"Statement":{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction"],"Resource":"*"}}`, nil},
		{"lambda with invoke", `{"Statement":{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}}`, []string{"PassRole+Lambda+Invoke"}},
		{"deny removes", `{"Statement":[{"Effect":"Allow","Action":"iam:Attach*","Resource":"*"},{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"*"}]}`, []string{"AttachGroupPolicy", "AttachRolePolicy"}},
		{"conditional deny does not remove", `{"Statement":[{"Effect":"Allow","Action":"iam:AddUserToGroup","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`, []string{"AddUserToGroup"}},
		{"conditional allow", `{"Statement":{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"x"}}}}`, []string{"PutUserPolicy(conditional)"}},
		{"read only", `{"Statement":{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}}`, nil},
		// A Deny with NotResource leaves the listed resources allowed: it removes no path.
		{"deny with NotResource removes nothing", `{"Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"},{"Effect":"Deny","Action":"iam:*","NotResource":"arn:aws:iam::111122223333:user/admin"}]}`, []string{"CreateAccessKey"}},
		{"allow with NotResource counts", `{"Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","NotResource":"arn:aws:iam::111122223333:user/admin"}}`, []string{"CreateAccessKey"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := escalationNames(mustParse(t, tt.doc).Escalations(Scope{}))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Escalations() = %v, want %v", got, tt.want)
			}
		})
	}
	full := escalationNames(mustParse(t, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`).Escalations(Scope{}))
	if len(full) != len(escalationPaths) {
		t.Errorf("admin policy: %d escalation paths, want all %d", len(full), len(escalationPaths))
	}
}

func TestNarrowingKeysAndRequiresTrue(t *testing.T) {
	d := mustParse(t, `{"Statement":[
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalAccount":"*"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"1"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"x"},"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"bool":{"AWS:MultiFactorAuthPresent":["true"]}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-abc/r-ab12/ou-ab12-11111111/*"]}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":["o-abc/*"]}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/deploy"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":["arn:aws:iam::111122223333:role/a","arn:aws:iam::11112222333?:role/b"]}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalOrgID":["o-abc","o-*"]}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-*/r-ab12/*"}}},
		{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/deploy"}}}]}`)
	keys := []string{"aws:principalorgid", "aws:PrincipalAccount", "sts:ExternalId", "aws:PrincipalOrgPaths", "aws:PrincipalArn"}
	// ForAnyValue is false when the key is absent, so it narrows; ForAllValues is true then, so it does not.
	// With the wildcard-matching operators every value must confine the account or organization;
	// StringEquals takes '*' literally, so its value names one (nonexistent) principal.
	wantKeys := [][]string{{"aws:PrincipalOrgID"}, nil, nil, nil, nil, {"aws:PrincipalOrgPaths"}, nil,
		nil, nil, {"aws:PrincipalArn"}, nil, nil, {"aws:PrincipalArn"}}
	wantMFA := []bool{false, false, false, false, true, false, false, false, false, false, false, false, false}
	for i, s := range d.Statements {
		if got := s.NarrowingKeys(keys...); !reflect.DeepEqual(got, wantKeys[i]) {
			t.Errorf("Statement[%d].NarrowingKeys = %v, want %v", i, got, wantKeys[i])
		}
		if got := s.RequiresTrue("aws:MultiFactorAuthPresent"); got != wantMFA[i] {
			t.Errorf("Statement[%d].RequiresTrue(MFA) = %v, want %v", i, got, wantMFA[i])
		}
	}
}

func TestAccountOf(t *testing.T) {
	tests := []struct {
		in, acct string
		ok       bool
	}{
		{"111122223333", "111122223333", true},
		{"arn:aws:iam::111122223333:root", "111122223333", true},
		{"arn:aws-us-gov:iam::111122223333:role/x/y", "111122223333", true},
		{"arn:aws:sts::111122223333:assumed-role/r/s", "111122223333", true},
		{"*", "", false},
		{"AROAEXAMPLEID", "", false},
		{"arn:aws:iam::abc:root", "", false},
	}
	for _, tt := range tests {
		a, ok := AccountOf(tt.in)
		if a != tt.acct || ok != tt.ok {
			t.Errorf("AccountOf(%q) = %q, %v; want %q, %v", tt.in, a, ok, tt.acct, tt.ok)
		}
	}
}

// FuzzParse checks that Parse never panics and that whatever it accepts can
// be analysed without panicking. Run with: go test -fuzz=FuzzParse ./rules/policy/
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"x","Condition":{"Bool":{"a":[true,1]}}}]}`,
		`{"Statement":{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole"}}`,
		`%7B%22Statement%22%3A%5B%5D%7D`,
		`{"Statement":null}`, `[]`, `"x"`, ``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		d, err := Parse(doc)
		if err != nil {
			return
		}
		d.GrantsFullAdmin()
		d.ServiceWildcards()
		d.Escalations(Scope{Partition: "aws", Account: "111122223333"})
		for i, s := range d.Statements {
			d.UnpinnedFederated(i)
			InvalidTrustPrincipals(s.Principal)
			InvalidTrustPrincipals(s.NotPrincipal)
			s.Allows("iam:PassRole")
			s.NarrowingKeys("sts:ExternalId")
			s.Principal.AnyAWS()
		}
	})
}
