package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestRulesFrameworkCIS20And70 is the acceptance of issue #13: `iamaudit
// rules --framework` lists every control of the IAM section of CIS v2.0.0
// and v7.0.0 with its assessment status and the rules that assess it.
// Each line is "id automated|manual rule,rule" ("-" for none).
func TestRulesFrameworkCIS20And70(t *testing.T) {
	for fw, want := range map[string][]string{
		"cis-aws-2.0": {
			"1.1 manual IAM-ACCOUNT-CONTACT-DETAILS",
			"1.2 manual IAM-SECURITY-CONTACT",
			"1.3 manual -",
			"1.4 automated IAM-ROOT-ACCESS-KEYS",
			"1.5 automated IAM-ROOT-MFA",
			"1.6 manual IAM-ROOT-HARDWARE-MFA",
			"1.7 manual IAM-ROOT-RECENT-USE",
			"1.8 automated IAM-PASSWORD-MIN-LENGTH",
			"1.9 automated IAM-PASSWORD-REUSE",
			"1.10 automated IAM-USER-CONSOLE-MFA",
			"1.11 manual IAM-USER-KEY-UNUSED-SINCE-SETUP",
			"1.12 automated IAM-USER-UNUSED-CREDENTIALS-45",
			"1.13 automated IAM-USER-ONE-ACTIVE-KEY",
			"1.14 automated IAM-USER-KEY-ROTATION",
			"1.15 automated IAM-USER-NO-DIRECT-POLICIES",
			"1.16 automated IAM-POLICY-ADMIN-CUSTOMER,IAM-POLICY-ADMIN-INLINE,IAM-POLICY-ADMIN-AWS-MANAGED",
			"1.17 automated IAM-SUPPORT-ROLE",
			"1.18 automated -",
			"1.19 automated IAM-SERVER-CERT-EXPIRED",
			"1.20 automated IAM-ACCESS-ANALYZER-ENABLED",
			"1.21 manual IAM-IDENTITY-FEDERATION",
			"1.22 manual IAM-CLOUDSHELL-FULL-ACCESS",
		},
		"cis-aws-7.0": {
			"2.1.1 manual IAM-ORG-ROOT-ACCESS-CENTRALIZED",
			"2.1.2 manual IAM-ORG-GUARDRAIL-POLICIES",
			"2.1.3 manual -",
			"2.1.4 manual -",
			"2.1.5 manual -",
			"2.1.6 manual IAM-ORG-DELEGATED-ADMINS",
			"2.2 manual IAM-ACCOUNT-CONTACT-DETAILS",
			"2.3 manual IAM-SECURITY-CONTACT",
			"2.4 automated IAM-ROOT-ACCESS-KEYS",
			"2.5 automated IAM-ROOT-MFA",
			"2.6 manual IAM-ROOT-HARDWARE-MFA",
			"2.7 manual IAM-ROOT-RECENT-USE",
			"2.8 automated IAM-PASSWORD-MIN-LENGTH",
			"2.9 automated IAM-PASSWORD-REUSE",
			"2.10 automated IAM-USER-CONSOLE-MFA",
			"2.11 automated IAM-USER-UNUSED-CREDENTIALS-45",
			"2.12 automated IAM-USER-KEY-ROTATION",
			"2.13 automated IAM-USER-NO-DIRECT-POLICIES",
			"2.14 automated IAM-POLICY-ADMIN-CUSTOMER,IAM-POLICY-ADMIN-INLINE,IAM-POLICY-ADMIN-AWS-MANAGED",
			"2.15 automated IAM-SUPPORT-ROLE",
			"2.16 automated -",
			"2.17 automated IAM-SERVER-CERT-EXPIRED",
			"2.18 automated IAM-ACCESS-ANALYZER-ENABLED",
			"2.19 manual IAM-IDENTITY-FEDERATION",
			"2.20 manual IAM-CLOUDSHELL-FULL-ACCESS",
			"2.21 manual IAM-ROLE-TRUST-ANY-PRINCIPAL",
		},
	} {
		t.Run(fw, func(t *testing.T) {
			out := rulesFrameworkJSON(t, fw)
			var got []string
			for _, c := range out.Controls {
				kind, rs := "manual", "-"
				if c.Automated {
					kind = "automated"
				}
				if len(c.Rules) > 0 {
					rs = strings.Join(c.Rules, ",")
				}
				got = append(got, fmt.Sprintf("%s %s %s", c.ID, kind, rs))
				// A control no rule assesses says why.
				if len(c.Rules) == 0 && c.Note == "" && c.Automated {
					t.Errorf("%s: automated, no rule and no note", c.ID)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("controls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
