package audit

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// AuthorizationDetails is GetAccountAuthorizationDetails, decoded: users,
// groups and roles with their policy attachments, customer-managed policies,
// and the AWS-managed policies that something in the account attaches.
//
// Policy documents are stored as the decoded JSON text exactly as IAM holds
// it; the policy package parses them. Keeping the text (not a parsed form)
// lets a malformed document survive a round trip and be reported by the rule
// that reads it.
type AuthorizationDetails struct {
	Users    []User          `json:"users"`
	Groups   []Group         `json:"groups"`
	Roles    []Role          `json:"roles"`
	Policies []ManagedPolicy `json:"policies"`
}

// AttachedPolicy is a managed policy attached to a user, group or role.
type AttachedPolicy struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
}

// InlinePolicy is a policy embedded in a user, group or role.
type InlinePolicy struct {
	Name     string `json:"name"`
	Document string `json:"document"`
}

// User is an IAM user as GetAccountAuthorizationDetails describes it.
type User struct {
	Name                string            `json:"name"`
	ARN                 string            `json:"arn"`
	ID                  string            `json:"id"`
	Path                string            `json:"path"`
	CreateDate          time.Time         `json:"create_date"`
	Groups              []string          `json:"groups,omitempty"`
	AttachedPolicies    []AttachedPolicy  `json:"attached_policies,omitempty"`
	InlinePolicies      []InlinePolicy    `json:"inline_policies,omitempty"`
	PermissionsBoundary string            `json:"permissions_boundary,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

// Group is an IAM group.
type Group struct {
	Name             string           `json:"name"`
	ARN              string           `json:"arn"`
	ID               string           `json:"id"`
	Path             string           `json:"path"`
	CreateDate       time.Time        `json:"create_date"`
	AttachedPolicies []AttachedPolicy `json:"attached_policies,omitempty"`
	InlinePolicies   []InlinePolicy   `json:"inline_policies,omitempty"`
}

// Role is an IAM role. AssumeRolePolicy is its trust policy document.
type Role struct {
	Name                string            `json:"name"`
	ARN                 string            `json:"arn"`
	ID                  string            `json:"id"`
	Path                string            `json:"path"`
	CreateDate          time.Time         `json:"create_date"`
	AssumeRolePolicy    string            `json:"assume_role_policy"`
	AttachedPolicies    []AttachedPolicy  `json:"attached_policies,omitempty"`
	InlinePolicies      []InlinePolicy    `json:"inline_policies,omitempty"`
	PermissionsBoundary string            `json:"permissions_boundary,omitempty"`
	LastUsedDate        *time.Time        `json:"last_used_date,omitempty"`
	LastUsedRegion      string            `json:"last_used_region,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
	// InstanceProfiles are the instance profiles that contain the role
	// (RoleDetail.InstanceProfileList). nil means not collected (evidence
	// written before the field existed, or a response without the list): it
	// says nothing, and must not be read as "in no instance profile"; an
	// empty list means collected, in none.
	InstanceProfiles *[]InstanceProfile `json:"instance_profiles,omitempty"`
}

// InstanceProfile is an instance profile holding a role: what lets EC2 run
// an instance as that role.
type InstanceProfile struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	Path string `json:"path,omitempty"`
}

// ManagedPolicy is a customer-managed or AWS-managed policy with its versions.
// Only the default version is in force.
type ManagedPolicy struct {
	Name             string          `json:"name"`
	ARN              string          `json:"arn"`
	ID               string          `json:"id"`
	Path             string          `json:"path"`
	AWSManaged       bool            `json:"aws_managed"`
	DefaultVersionID string          `json:"default_version_id"`
	AttachmentCount  int             `json:"attachment_count"`
	IsAttachable     bool            `json:"is_attachable"`
	CreateDate       time.Time       `json:"create_date"`
	UpdateDate       time.Time       `json:"update_date"`
	Versions         []PolicyVersion `json:"versions"`
}

// PolicyVersion is one version of a managed policy.
type PolicyVersion struct {
	VersionID  string    `json:"version_id"`
	IsDefault  bool      `json:"is_default"`
	CreateDate time.Time `json:"create_date"`
	Document   string    `json:"document"`
}

// DefaultDocument returns the document of the policy's default version, and
// false when that version's document was not collected. It is lenient (the
// collector uses it to decide whether to fetch the default version); rules
// read DefaultVersion, which refuses contradictory markers.
func (p ManagedPolicy) DefaultDocument() (string, bool) {
	for _, v := range p.Versions {
		if v.IsDefault || (p.DefaultVersionID != "" && v.VersionID == p.DefaultVersionID) {
			return v.Document, true
		}
	}
	return "", false
}

// errNotCollected marks a default version that is simply absent.
var errNotCollected = errors.New("not collected")

// IsNotCollected reports whether a DefaultVersion error means the default
// version was not collected (as opposed to markers that contradict each
// other).
func IsNotCollected(err error) bool { return errors.Is(err, errNotCollected) }

// DefaultVersion returns the version in force, read only when every marker
// agrees: DefaultVersionId (GetAccountAuthorizationDetails and GetPolicy)
// and the one version flagged IsDefaultVersion. IAM keeps exactly one
// default version per policy, so two flags, no flag, a DefaultVersionId
// naming another or no collected version, or one version ID listed twice
// are contradictions, and the error says which; no version is guessed.
// An empty DefaultVersionId with one flagged version is not a
// contradiction (the evidence simply lacks the ID). The error wraps
// errNotCollected (see IsNotCollected) when nothing was collected.
func (p ManagedPolicy) DefaultVersion() (PolicyVersion, error) {
	count := map[string]int{}
	var flagged []string
	var flaggedV PolicyVersion
	for _, v := range p.Versions {
		count[v.VersionID]++
		if v.IsDefault {
			flagged = append(flagged, v.VersionID)
			flaggedV = v
		}
	}
	for _, v := range p.Versions { // in list order, so the reason is stable
		if n := count[v.VersionID]; n > 1 {
			return PolicyVersion{}, fmt.Errorf("version %s appears %d times in the collected version list", orDash(v.VersionID), n)
		}
	}
	sort.Strings(flagged)
	id := p.DefaultVersionID
	switch {
	case len(p.Versions) == 0:
		return PolicyVersion{}, fmt.Errorf("default version %s: %w", orDash(id), errNotCollected)
	case len(flagged) > 1:
		return PolicyVersion{}, fmt.Errorf("versions %s are all flagged IsDefaultVersion", strings.Join(flagged, ", "))
	case id == "" && len(flagged) == 1:
		return flaggedV, nil
	case id == "":
		return PolicyVersion{}, fmt.Errorf("DefaultVersionId is empty and no version is flagged IsDefaultVersion")
	case count[id] == 0 && len(flagged) == 1:
		return PolicyVersion{}, fmt.Errorf("DefaultVersionId is %s, which is not among the collected versions, but version %s is flagged IsDefaultVersion", id, flagged[0])
	case count[id] == 0:
		return PolicyVersion{}, fmt.Errorf("default version %s: %w", id, errNotCollected)
	case len(flagged) == 0:
		return PolicyVersion{}, fmt.Errorf("DefaultVersionId is %s but no version is flagged IsDefaultVersion", id)
	case flagged[0] != id:
		return PolicyVersion{}, fmt.Errorf("DefaultVersionId is %s but version %s is flagged IsDefaultVersion", id, flagged[0])
	}
	return flaggedV, nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Policy returns the managed policy with the given ARN, if collected.
func (a *AuthorizationDetails) Policy(arn string) (ManagedPolicy, bool) {
	if a == nil {
		return ManagedPolicy{}, false
	}
	for _, p := range a.Policies {
		if p.ARN == arn {
			return p, true
		}
	}
	return ManagedPolicy{}, false
}
