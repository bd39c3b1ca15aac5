package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// OCSFWriter writes a JSON array of OCSF Compliance Finding events (class
// 2003, category 2 Findings, activity 1 Create), one per result, PASS
// included, against OCSF schema OCSFVersion. Only attributes that exist
// unchanged since OCSF 1.1 are used, so 1.1+ consumers (Security Lake,
// Security Hub's OCSF view, SIEM mappers) read them alike.
//
// compliance.status_id: PASS 1 (Pass), FAIL 3 (Fail), UNKNOWN 0 (Unknown,
// with the missing evidence in status_detail), MANUAL 99 (Other, status
// "Manual"). finding_info.uid is the FindingID.
type OCSFWriter struct{}

// OCSFVersion is the OCSF schema version the events declare.
const OCSFVersion = "1.5.0"

// OCSF identifiers of the Compliance Finding class.
const (
	ocsfClassUID    = 2003
	ocsfCategoryUID = 2
	ocsfActivityUID = 1 // Create
	ocsfTypeUID     = ocsfClassUID*100 + ocsfActivityUID
)

type ocsfEvent struct {
	ActivityID   int             `json:"activity_id"`
	ActivityName string          `json:"activity_name"`
	CategoryUID  int             `json:"category_uid"`
	CategoryName string          `json:"category_name"`
	ClassUID     int             `json:"class_uid"`
	ClassName    string          `json:"class_name"`
	TypeUID      int             `json:"type_uid"`
	TypeName     string          `json:"type_name"`
	SeverityID   int             `json:"severity_id"`
	Severity     string          `json:"severity"`
	StatusID     int             `json:"status_id"`
	Status       string          `json:"status"`
	StatusDetail string          `json:"status_detail,omitempty"`
	Time         int64           `json:"time"`
	Message      string          `json:"message"`
	Metadata     ocsfMetadata    `json:"metadata"`
	FindingInfo  ocsfFindingInfo `json:"finding_info"`
	Compliance   ocsfCompliance  `json:"compliance"`
	Resources    []ocsfResource  `json:"resources"`
	Cloud        ocsfCloud       `json:"cloud"`
	Remediation  *ocsfRemedy     `json:"remediation,omitempty"`
	Unmapped     map[string]any  `json:"unmapped,omitempty"`
}

type ocsfMetadata struct {
	Version string      `json:"version"`
	Product ocsfProduct `json:"product"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
	URL        string `json:"url_string"`
}

type ocsfFindingInfo struct {
	UID         string `json:"uid"`
	Title       string `json:"title"`
	Desc        string `json:"desc,omitempty"`
	CreatedTime int64  `json:"created_time"`
	// FirstSeenTime is set when a baseline carried first_seen forward.
	FirstSeenTime int64    `json:"first_seen_time,omitempty"`
	Types         []string `json:"types,omitempty"`
	AnalyticUID   string   `json:"product_uid,omitempty"`
}

type ocsfCompliance struct {
	Control      string   `json:"control,omitempty"`
	Requirements []string `json:"requirements,omitempty"`
	Standards    []string `json:"standards"`
	StatusID     int      `json:"status_id"`
	Status       string   `json:"status"`
	StatusDetail string   `json:"status_detail,omitempty"`
}

type ocsfResource struct {
	UID    string `json:"uid"`
	Name   string `json:"name,omitempty"`
	Type   string `json:"type,omitempty"`
	Region string `json:"region,omitempty"`
}

type ocsfCloud struct {
	Provider  string      `json:"provider"`
	Partition string      `json:"cloud_partition,omitempty"`
	Region    string      `json:"region,omitempty"`
	Account   ocsfAccount `json:"account"`
}

type ocsfAccount struct {
	UID    string `json:"uid"`
	Name   string `json:"name,omitempty"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfRemedy struct {
	Desc       string   `json:"desc"`
	References []string `json:"references,omitempty"`
}

// ocsfSeverity maps a severity to OCSF severity_id and its caption.
func ocsfSeverity(s result.Severity) (int, string) {
	switch s {
	case result.Info:
		return 1, "Informational"
	case result.Low:
		return 2, "Low"
	case result.Medium:
		return 3, "Medium"
	case result.High:
		return 4, "High"
	case result.Critical:
		return 5, "Critical"
	}
	return 0, "Unknown"
}

// ocsfComplianceStatus maps a status to compliance.status_id and caption.
func ocsfComplianceStatus(s result.Status) (int, string) {
	switch s {
	case result.Pass:
		return 1, "Pass"
	case result.Fail:
		return 3, "Fail"
	case result.Unknown:
		return 0, "Unknown"
	case result.Manual:
		return 99, "Manual"
	}
	return 99, string(s)
}

// Write implements Writer.
func (OCSFWriter) Write(w io.Writer, r *Report) error {
	m := r.Meta
	ms := int64(0)
	if !m.CollectedAt.IsZero() {
		ms = m.CollectedAt.UnixMilli()
	}
	err := writeJSONArray(w, len(r.Results), func(i int) (any, error) {
		res := r.Results[i]
		ri, _ := r.Rule(res.RuleID)
		tr := res.Track()
		sevID, sev := ocsfSeverity(res.Severity)
		verdict := res.Status
		if res.Status == result.Suppressed {
			verdict = tr.SuppressedStatus
		}
		stID, st := ocsfComplianceStatus(verdict)
		var reqs []string
		standards := []string{}
		seen := map[string]bool{}
		for _, c := range ri.Controls {
			reqs = append(reqs, c.String())
			if !seen[c.Framework] {
				seen[c.Framework] = true
				standards = append(standards, c.Framework)
			}
		}
		ev := ocsfEvent{
			ActivityID: ocsfActivityUID, ActivityName: "Create",
			CategoryUID: ocsfCategoryUID, CategoryName: "Findings",
			ClassUID: ocsfClassUID, ClassName: "Compliance Finding",
			TypeUID: ocsfTypeUID, TypeName: "Compliance Finding: Create",
			SeverityID: sevID, Severity: sev,
			StatusID: 1, Status: "New",
			Time:    ms,
			Message: resourceLabel(res) + ": " + res.Reason,
			Metadata: ocsfMetadata{Version: OCSFVersion, Product: ocsfProduct{
				Name: "iamaudit", VendorName: "iamaudit", Version: m.ToolVersion, URL: InformationURI,
			}},
			FindingInfo: ocsfFindingInfo{
				UID: res.FindingID(), Title: orNA(ri.Title), Desc: ri.Rationale,
				CreatedTime: ms, Types: asffTypes(ri.Controls), AnalyticUID: res.RuleID,
			},
			Compliance: ocsfCompliance{
				Control: res.RuleID, Requirements: reqs, Standards: standards,
				StatusID: stID, Status: st,
			},
			Resources: []ocsfResource{{
				UID: orNA(res.Resource), Name: res.ResourceName, Type: res.ResourceType, Region: Region(res),
			}},
			Cloud: ocsfCloud{
				Provider: "AWS", Partition: m.Partition,
				Account: ocsfAccount{UID: res.AccountID, Name: res.AccountName, TypeID: 10, Type: "AWS Account"},
			},
			Unmapped: map[string]any{"iamaudit_status": string(res.Status)},
		}
		if res.Status == result.Unknown && len(res.Missing) > 0 {
			ev.Compliance.StatusDetail = "missing evidence: " + strings.Join(res.Missing, "; ")
		}
		if verdict == result.Fail && ri.Remediation != "" {
			ev.Remediation = &ocsfRemedy{Desc: ri.Remediation, References: ri.References}
		}
		// A suppressed result keeps its Fail compliance status; the finding
		// itself is Suppressed (status_id 3), with the entry in unmapped.
		if sp := tr.Suppression; sp != nil {
			ev.StatusID, ev.Status, ev.StatusDetail = 3, "Suppressed", sp.Reason
			ev.Unmapped["iamaudit_suppression"] = sp
		}
		if !tr.FirstSeen.IsZero() {
			ev.FindingInfo.FirstSeenTime = tr.FirstSeen.UnixMilli()
		}
		if tr.Drift != "" {
			ev.Unmapped["iamaudit_drift"] = tr.Drift
		}
		return ev, nil
	})
	if err != nil {
		return fmt.Errorf("write ocsf report: %w", err)
	}
	return nil
}
