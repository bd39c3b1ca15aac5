package report

import (
	"bufio"
	"bytes"
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

// Write implements Writer. The document is streamed: the header fields are
// indented, and each result and control is one compact line, so a report of
// a 5,000-user account (100,000 results) stays readable with grep and diff
// and is never re-indented as one huge buffer.
func (JSONWriter) Write(w io.Writer, r *Report) error {
	out := toJSON(r)
	bw := bufio.NewWriter(w)
	// Reasons and remediations quote policies ("<", "&"); keep them readable.
	marshal := func(v any, indent bool) ([]byte, error) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if indent {
			enc.SetIndent("  ", "  ")
		}
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
	}
	writeList := func(name string, n int, item func(i int) any, last bool) error {
		if n == 0 {
			fmt.Fprintf(bw, "  %q: []", name)
		} else {
			fmt.Fprintf(bw, "  %q: [\n", name)
			for i := 0; i < n; i++ {
				b, err := marshal(item(i), false)
				if err != nil {
					return err
				}
				bw.WriteString("    ")
				bw.Write(b)
				if i < n-1 {
					bw.WriteByte(',')
				}
				bw.WriteByte('\n')
			}
			bw.WriteString("  ]")
		}
		if !last {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		return nil
	}
	err := func() error {
		meta, err := marshal(out.Meta, true)
		if err != nil {
			return err
		}
		score, err := marshal(out.Score, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "{\n  \"report_schema_version\": %d,\n  \"meta\": %s,\n  \"score\": %s,\n", out.SchemaVersion, meta, score)
		if err := writeList("results", len(out.Results), func(i int) any { return out.Results[i] }, false); err != nil {
			return err
		}
		if err := writeList("controls", len(out.Controls), func(i int) any { return out.Controls[i] }, true); err != nil {
			return err
		}
		bw.WriteString("}\n")
		return bw.Flush()
	}()
	if err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
