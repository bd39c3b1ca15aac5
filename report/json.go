package report

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"

	"github.com/iamaudit/iamaudit/result"
)

// SchemaVersion is the JSON report's "report_schema_version". It changes only
// when a field is removed, renamed or changes meaning (see SCHEMA.md); adding
// fields does not bump it.
const SchemaVersion = 1

// JSONWriter writes the whole report as one indented JSON document whose
// schema is documented in SCHEMA.md.
type JSONWriter struct{}

// jsonReport is the wire shape, kept apart from Report so the Go API can
// evolve without silently changing the documented schema.
type jsonReport struct {
	SchemaVersion int                    `json:"report_schema_version"`
	Meta          result.Meta            `json:"meta"`
	Score         jsonScore              `json:"score"`
	Results       []result.Result        `json:"results"`
	Controls      []result.ControlResult `json:"controls"`
}

type jsonScore struct {
	Applicable bool `json:"applicable"`
	// Value is null when the score is not applicable, so no consumer can
	// mistake "nothing evaluated" for a perfect or a zero score.
	Value        *float64                `json:"value"`
	Grade        string                  `json:"grade"`
	Complete     bool                    `json:"complete"`
	PassedWeight int                     `json:"passed_weight"`
	FailedWeight int                     `json:"failed_weight"`
	Weights      map[result.Severity]int `json:"weights"`
	Counts       []SeverityCounts        `json:"counts"`
	Totals       StatusCounts            `json:"totals"`
}

func toJSON(r *Report) jsonReport {
	s := r.Score
	js := jsonScore{
		Applicable:   s.Applicable,
		Grade:        s.Grade,
		Complete:     s.Complete,
		PassedWeight: s.PassedWeight,
		FailedWeight: s.FailedWeight,
		Weights:      maps.Clone(weights),
		Counts:       s.Counts,
		Totals:       s.Totals,
	}
	if s.Applicable {
		v := s.Value
		js.Value = &v
	}
	if js.Counts == nil {
		js.Counts = []SeverityCounts{}
	}
	out := jsonReport{
		SchemaVersion: SchemaVersion,
		Meta:          r.Meta,
		Score:         js,
		Results:       r.Results,
		Controls:      r.Controls,
	}
	// Empty lists are [] rather than null: consumers can iterate without a
	// null check.
	if out.Results == nil {
		out.Results = []result.Result{}
	}
	if out.Controls == nil {
		out.Controls = []result.ControlResult{}
	}
	return out
}

// Write implements Writer.
func (JSONWriter) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Reasons and remediations quote policies ("<", "&"); keep them readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(toJSON(r)); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
