package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/iamaudit/iamaudit/result"
)

// SARIFWriter writes SARIF 2.1.0 for code-scanning dashboards: one
// reportingDescriptor per rule ID in the report, and one result per FAIL or
// UNKNOWN result, located by the resource's ARN as a logical location.
//
// FAIL results have kind "fail" and a level by severity (critical and high:
// error, medium: warning, low and info: note). UNKNOWN results have kind
// "open" — SARIF's "not enough information to decide" — and, as SARIF
// §3.27.10 requires for any kind other than "fail", level "none"; their
// severity is kept in properties.severity. PASS and MANUAL results are left
// out: SARIF consumers treat every result as something to act on.
type SARIFWriter struct{}

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifFingerprint keys partialFingerprints so dashboards track one
	// finding across runs by rule and resource.
	sarifFingerprint = "iamauditRuleResource/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool      `json:"tool"`
	Results    []sarifResult  `json:"results"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Kind                string            `json:"kind"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifLocation struct {
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifLevel maps a failing result's severity to a SARIF level.
func sarifLevel(s result.Severity) string {
	switch s {
	case result.Critical, result.High:
		return "error"
	case result.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is the CVSS-like number GitHub code scanning reads from
// rule properties["security-severity"] to rank alerts; 0 keeps INFO out.
func securitySeverity(s result.Severity) string {
	switch s {
	case result.Critical:
		return "9.5"
	case result.High:
		return "8.0"
	case result.Medium:
		return "5.5"
	case result.Low:
		return "3.0"
	}
	return "0.0"
}

// Write implements Writer.
func (SARIFWriter) Write(w io.Writer, r *Report) error {
	// One descriptor per rule ID, including rules that only passed, so a
	// dashboard can show what was checked. The first result of a rule (in
	// report order) supplies its title, severity and remediation.
	index := map[string]int{}
	var rules []sarifRule
	var ids []string
	first := map[string]result.Result{}
	for _, res := range r.Results {
		if _, ok := first[res.RuleID]; !ok {
			first[res.RuleID] = res
			ids = append(ids, res.RuleID)
		}
	}
	slices.Sort(ids)
	for i, id := range ids {
		res := first[id]
		help := res.Remediation
		if help == "" {
			help = res.Title
		}
		var tags []string
		for _, c := range res.Controls {
			tags = append(tags, c.String())
		}
		props := map[string]any{
			"severity":          string(res.Severity),
			"security-severity": securitySeverity(res.Severity),
			"tags":              append([]string{"security", "iam"}, tags...),
		}
		index[id] = i
		rules = append(rules, sarifRule{
			ID:                   id,
			ShortDescription:     sarifText{Text: orNA(res.Title)},
			Help:                 sarifText{Text: help},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(res.Severity)},
			Properties:           props,
		})
	}
	if rules == nil {
		rules = []sarifRule{}
	}

	results := []sarifResult{}
	for _, res := range r.Results {
		kind, level := "", ""
		switch res.Status {
		case result.Fail:
			kind, level = "fail", sarifLevel(res.Severity)
		case result.Unknown:
			kind, level = "open", "none"
		default:
			continue
		}
		props := map[string]any{"severity": string(res.Severity), "status": string(res.Status)}
		if len(res.Missing) > 0 {
			props["missing_evidence"] = res.Missing
		}
		results = append(results, sarifResult{
			RuleID:    res.RuleID,
			RuleIndex: index[res.RuleID],
			Kind:      kind,
			Level:     level,
			Message:   sarifText{Text: resourceLabel(res) + ": " + res.Reason},
			Locations: []sarifLocation{{LogicalLocations: []sarifLogical{{
				Name:               res.ResourceName,
				FullyQualifiedName: orNA(res.Resource),
				Kind:               "resource",
			}}}},
			PartialFingerprints: map[string]string{sarifFingerprint: res.RuleID + "|" + res.Resource},
			Properties:          props,
		})
	}

	m := r.Meta
	runProps := map[string]any{
		"account_id":   m.AccountID,
		"collected_at": formatTime(m.CollectedAt),
		"complete":     r.Score.Complete,
		"grade":        r.Score.Grade,
	}
	if r.Score.Applicable {
		runProps["score"] = r.Score.Value
	}
	if m.Framework != "" {
		runProps["framework"] = m.Framework
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: sarifDriver{Name: "iamaudit", Version: m.ToolVersion, Rules: rules}},
			Results:    results,
			Properties: runProps,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}
