package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// JUnitWriter writes JUnit XML for CI systems: one testsuite per rule ID
// (sorted), one testcase per resource. FAIL is a <failure>; UNKNOWN is an
// <error>, because the check could not run for lack of evidence and CI must
// not show it green; MANUAL is <skipped>, since no tool can assess it.
type JUnitWriter struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// Write implements Writer.
func (JUnitWriter) Write(w io.Writer, r *Report) error {
	suites := map[string]*junitSuite{}
	var ids []string
	ts := ""
	if !r.Meta.CollectedAt.IsZero() {
		// JUnit timestamps are ISO 8601 without a zone designator.
		ts = r.Meta.CollectedAt.UTC().Format("2006-01-02T15:04:05")
	}
	doc := junitSuites{Name: "iamaudit"}
	if r.MultiAccount() {
		doc.Name += fmt.Sprintf(" %d accounts", len(r.Meta.Accounts))
	} else if r.Meta.AccountID != "" {
		doc.Name += " " + r.Meta.AccountID
	}
	for _, res := range r.Results {
		s, ok := suites[res.RuleID]
		if !ok {
			s = &junitSuite{Name: res.RuleID, Timestamp: ts}
			suites[res.RuleID] = s
			ids = append(ids, res.RuleID)
		}
		c := junitCase{Name: junitCaseName(res), ClassName: res.RuleID}
		if r.MultiAccount() {
			c.Name = AccountLabel(res.AccountID, res.AccountName) + ": " + c.Name
		}
		switch res.Status {
		case result.Fail:
			body := res.Reason
			if ri, _ := r.Rule(res.RuleID); ri.Remediation != "" {
				body += "\nRemediation: " + ri.Remediation
			}
			c.Failure = &junitProblem{Message: res.Reason, Type: string(res.Severity), Body: body}
			s.Failures++
		case result.Unknown:
			body := res.Reason
			if len(res.Missing) > 0 {
				body += "\nMissing evidence:\n- " + strings.Join(res.Missing, "\n- ")
			}
			c.Error = &junitProblem{Message: res.Reason, Type: string(result.Unknown), Body: body}
			s.Errors++
		case result.Manual:
			c.Skipped = &junitSkipped{Message: res.Reason}
			s.Skipped++
		case result.Suppressed:
			// An accepted failure is skipped, never passed: the message
			// says whose decision it is and until when.
			c.Skipped = &junitSkipped{Message: "SUPPRESSED: " + suppressedDetails(res) + ". " + res.Reason}
			s.Skipped++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s := suites[id]
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, *s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	return nil
}

// junitCaseName shows the readable name and the ARN, which keeps testcase
// names unique within a suite even when two resources share a name.
func junitCaseName(r result.Result) string {
	switch {
	case r.ResourceName != "" && r.Resource != "" && r.ResourceName != r.Resource:
		return r.ResourceName + " (" + r.Resource + ")"
	case r.Resource != "":
		return r.Resource
	}
	return orNA(r.ResourceName)
}
