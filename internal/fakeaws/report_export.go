package fakeaws

// CredentialReportCSV renders the account's credential report as the fake
// serves it (AWS's columns and special values), so a test can edit a copy and
// serve it back through CredentialReport.RawCSV: a crafted report, live.
func CredentialReportCSV(acct *Account) []byte { return newIndex(acct).credentialReportCSV() }
