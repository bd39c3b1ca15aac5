package fakeaws

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"net/url"
	"time"
)

// reportColumns are the credential report's columns in AWS's order.
var reportColumns = []string{
	"user", "arn", "user_creation_time", "password_enabled", "password_last_used",
	"password_last_changed", "password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
	"access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
	"access_key_2_last_used_region", "access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
}

const (
	na            = "N/A"
	noInformation = "no_information"
	notSupported  = "not_supported"
)

// reportTime is the credential report's timestamp format (ISO 8601 with a
// numeric offset, e.g. 2015-04-16T15:14:00+00:00).
func reportTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") }

func reportBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// keyColumns renders the two access key slots.
func keyColumns(keys []AccessKey) []string {
	out := make([]string, 0, 10)
	for i := 0; i < 2; i++ {
		if i >= len(keys) {
			out = append(out, "false", na, na, na, na)
			continue
		}
		k := keys[i]
		lastDate, region, service := na, na, na
		if k.LastUsed != nil {
			lastDate = reportTime(k.LastUsed.Date)
			service = k.LastUsed.Service
			if k.LastUsed.Region != "" {
				region = k.LastUsed.Region
			}
		}
		out = append(out, reportBool(keyStatus(k.Status) == "Active"), reportTime(k.CreateDate), lastDate, region, service)
	}
	return out
}

func certColumns(certs []SigningCert) []string {
	out := make([]string, 0, 4)
	for i := 0; i < 2; i++ {
		if i >= len(certs) {
			out = append(out, "false", na)
			continue
		}
		out = append(out, reportBool(keyStatus(certs[i].Status) == "Active"), reportTime(certs[i].UploadDate))
	}
	return out
}

// credentialReportCSV renders the report as AWS would for this account.
func (ix *index) credentialReportCSV() []byte {
	a := ix.acct
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(reportColumns)

	// Root: AWS reports password_enabled, password_last_changed and
	// password_next_rotation as not_supported for the root user.
	rootLastUsed := na
	switch {
	case a.Root.PasswordLastUsed != nil:
		rootLastUsed = reportTime(*a.Root.PasswordLastUsed)
	case a.Root.PasswordEnabled:
		rootLastUsed = noInformation
	}
	rootMFA := a.Root.MFA != "" && a.Root.MFA != MFANone
	row := []string{"<root_account>", ix.rootARN(), reportTime(a.Root.CreateDate), notSupported,
		rootLastUsed, notSupported, notSupported, reportBool(rootMFA)}
	row = append(row, keyColumns(a.Root.AccessKeys)...)
	row = append(row, certColumns(a.Root.SigningCerts)...)
	_ = w.Write(row)

	maxAge := 0
	if a.PasswordPolicy != nil && a.PasswordPolicy.MaxPasswordAge != nil {
		maxAge = *a.PasswordPolicy.MaxPasswordAge
	}
	for i := range a.Users {
		u := &a.Users[i]
		lastUsed, lastChanged, next := na, na, na
		if u.PasswordEnabled {
			lastUsed = noInformation
			if u.PasswordLastUsed != nil {
				lastUsed = reportTime(*u.PasswordLastUsed)
			}
			changed := u.CreateDate
			if u.PasswordLastChanged != nil {
				changed = *u.PasswordLastChanged
			}
			lastChanged = reportTime(changed)
			if maxAge > 0 {
				next = reportTime(changed.AddDate(0, 0, maxAge))
			}
		} else if u.PasswordLastUsed != nil {
			// A password that was used and later deleted keeps its last use.
			lastUsed = reportTime(*u.PasswordLastUsed)
		}
		row := []string{u.Name, ix.userARN(u), reportTime(u.CreateDate), reportBool(u.PasswordEnabled),
			lastUsed, lastChanged, next, reportBool(len(u.MFADevices) > 0)}
		row = append(row, keyColumns(u.AccessKeys)...)
		row = append(row, certColumns(u.SigningCerts)...)
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

// reportState is the credential report's lifecycle.
type reportState struct {
	ready      bool // a report can be fetched
	expired    bool // the existing report is older than 4 hours
	generating bool
	pending    int // polls left that see "in progress"
	polls      int // in_progress_polls from the fixture
	generated  time.Time
}

func newReportState(c CredentialReport) reportState {
	return reportState{ready: c.Exists, expired: c.Exists && c.Expired, polls: c.InProgressPolls}
}

// advance consumes one poll of a report being generated, and reports
// whether the report is now complete.
func (s *Server) advanceReport() bool {
	r := &s.report
	if !r.generating {
		return r.ready
	}
	if r.pending > 0 {
		r.pending--
		return false
	}
	r.generating = false
	r.ready = true
	r.expired = false
	r.generated = s.now
	return true
}

// opGenerateCredentialReport: STARTED when a new report is started,
// INPROGRESS while it is being generated, COMPLETE once a current report
// exists (AWS returns COMPLETE for a report less than 4 hours old).
func opGenerateCredentialReport(s *Server, _ url.Values) (string, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.report
	state := "COMPLETE"
	switch {
	case r.generating:
		if !s.advanceReport() {
			state = "INPROGRESS"
		}
	case r.ready && !r.expired:
	default:
		r.generating = true
		r.pending = r.polls
		state = "STARTED"
	}
	var w xw
	w.text("State", state)
	w.text("Description", map[string]string{
		"STARTED":    "No report exists. Starting a new report generation task",
		"INPROGRESS": "Report generation in progress",
		"COMPLETE":   "Report generation complete",
	}[state])
	return w.String(), nil
}

func opGetCredentialReport(s *Server, _ url.Values) (string, *apiError) {
	s.mu.Lock()
	r := &s.report
	var e *apiError
	switch {
	case r.generating:
		if !s.advanceReport() {
			e = newError("ReportInProgress", "Report generation in progress")
		}
	case r.expired:
		e = newError("ReportExpired", "Credential report expired; call GenerateCredentialReport")
	case !r.ready:
		e = newError("ReportNotPresent", "Credential report not present; call GenerateCredentialReport")
	}
	generated := r.generated
	s.mu.Unlock()
	if e != nil {
		return "", e
	}
	c := s.ix.acct.CredentialReport
	if c.GeneratedTime != nil {
		generated = *c.GeneratedTime
	} else if generated.IsZero() {
		generated = s.now
	}
	var content []byte
	if c.RawCSV != nil {
		content = []byte(*c.RawCSV)
	} else {
		content = s.ix.credentialReportCSV()
	}
	var w xw
	w.text("Content", base64.StdEncoding.EncodeToString(content))
	w.text("ReportFormat", "text/csv")
	if !s.ix.acct.Emulator.OmitReportGeneratedTime {
		w.time("GeneratedTime", generated)
	}
	return w.String(), nil
}
