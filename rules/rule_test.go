package rules

import (
	"reflect"
	"testing"

	"github.com/iamaudit/iamaudit/audit"
)

// TestUnknownForNamesWhatIsMissing: an UNKNOWN result says whether its
// evidence failed (the gap), was never collected, or was collected but
// lacks what the check needs (a report without a root row).
func TestUnknownForNamesWhatIsMissing(t *testing.T) {
	s := credSnap(credUser("bob")) // a report with no root row
	s.AccountSummary = nil
	s.AddGap(audit.Gap{Evidence: audit.EvidenceAccountSummary, Operation: "GetAccountSummary", Code: "AccessDenied", Message: "denied"})
	got := unknownFor(NewContext(s, Config{}), TypeRootUser, "arn", "root", "cannot tell",
		audit.EvidenceCredentialReport, audit.EvidenceAccountSummary, audit.EvidenceVirtualMFADevices)
	want := []string{
		"credential_report: collected, but without what this check needs",
		"account_summary: GetAccountSummary: AccessDenied: denied",
		"virtual_mfa_devices: not collected",
	}
	if !reflect.DeepEqual(got.Missing, want) {
		t.Fatalf("missing = %q, want %q", got.Missing, want)
	}
	if got.Reason != "cannot tell ("+want[0]+"; "+want[1]+"; "+want[2]+")" {
		t.Errorf("reason = %q", got.Reason)
	}
}
