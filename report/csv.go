package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// CSVWriter writes one RFC 4180 row per result, in report order, under a
// header row (CSVHeader). Every row carries its account, partition and
// collection time, so files from several accounts and runs can be
// concatenated (minus their headers) and still be read row by row.
type CSVWriter struct{}

// CSVHeader names the CSV columns. List-valued fields (missing evidence,
// controls) are joined with "; ".
// region is filled for regional resources only; account_name is empty when
// the account's name is not known. The suppression columns are filled for
// SUPPRESSED results only (suppressed_status is the verdict set aside);
// first_seen and drift only when the scan was compared with a baseline.
var CSVHeader = []string{
	"finding_id", "collected_at", "account_id", "account_name", "partition", "region",
	"status", "severity", "rule_id", "title", "resource_type", "resource", "resource_name",
	"reason", "missing_evidence", "remediation", "controls",
	"suppressed_status", "suppression_reason", "suppression_owner", "suppression_expires", "suppression_ticket",
	"first_seen", "drift",
}

// Write implements Writer.
func (CSVWriter) Write(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	m := r.Meta
	collected := ""
	if !m.CollectedAt.IsZero() {
		collected = formatTime(m.CollectedAt)
	}
	for _, res := range r.Results {
		ri, _ := r.Rule(res.RuleID)
		tr := res.Track()
		row := []string{
			res.FindingID(), collected, res.AccountID, res.AccountName, m.Partition, Region(res),
			string(res.Status), string(res.Severity), res.RuleID, ri.Title, res.ResourceType,
			res.Resource, res.ResourceName, res.Reason, strings.Join(res.Missing, "; "),
			ri.Remediation, strings.ReplaceAll(controlList(ri.Controls), ", ", "; "),
			string(tr.SuppressedStatus), "", "", "", "", "", tr.Drift,
		}
		if s := tr.Suppression; s != nil {
			copy(row[18:22], []string{s.Reason, s.Owner, strings.TrimSpace(s.Expires), s.Ticket})
		}
		if !tr.FirstSeen.IsZero() {
			row[22] = formatTime(tr.FirstSeen)
		}
		for i := range row {
			row[i] = defuseFormula(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	return nil
}

// defuseFormula stops spreadsheets from running a cell as a formula (CSV
// injection): IAM names may contain '=', '+', '@' and '-', so whoever can
// create a user could otherwise plant a formula in the auditor's sheet.
// Such cells get a leading apostrophe, as OWASP recommends.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
