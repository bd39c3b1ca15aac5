package audit

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Class 3 of issue 7: the default version is read only when every marker
// agrees; otherwise the reason names what disagrees.
func TestDefaultVersion(t *testing.T) {
	v := func(id string, def bool) PolicyVersion {
		return PolicyVersion{VersionID: id, IsDefault: def, Document: "doc-" + id}
	}
	tests := []struct {
		name    string
		p       ManagedPolicy
		want    string // version read; "" when none
		missing bool   // not collected (as opposed to contradictory)
		phrases []string
	}{
		{"id and flag agree", ManagedPolicy{DefaultVersionID: "v2", Versions: []PolicyVersion{v("v1", false), v("v2", true)}}, "v2", false, nil},
		{"flag only", ManagedPolicy{Versions: []PolicyVersion{v("v1", false), v("v3", true)}}, "v3", false, nil},
		{"id disagrees with flag", ManagedPolicy{DefaultVersionID: "v2", Versions: []PolicyVersion{v("v1", true), v("v2", false)}}, "", false,
			[]string{"DefaultVersionId is v2", "v1 is flagged IsDefaultVersion"}},
		{"two flagged", ManagedPolicy{DefaultVersionID: "v1", Versions: []PolicyVersion{v("v1", true), v("v2", true)}}, "", false,
			[]string{"v1, v2"}},
		{"none flagged", ManagedPolicy{DefaultVersionID: "v1", Versions: []PolicyVersion{v("v1", false), v("v2", false)}}, "", false,
			[]string{"no version is flagged IsDefaultVersion"}},
		{"id names a missing version", ManagedPolicy{DefaultVersionID: "v4", Versions: []PolicyVersion{v("v1", true)}}, "", false,
			[]string{"v4", "v1 is flagged"}},
		{"same id twice", ManagedPolicy{DefaultVersionID: "v1", Versions: []PolicyVersion{v("v1", true), {VersionID: "v1", IsDefault: true, Document: "other"}}}, "", false,
			[]string{"v1 appears 2 times"}},
		{"nothing collected", ManagedPolicy{DefaultVersionID: "v3"}, "", true, []string{"v3", "not collected"}},
		{"no id, no versions", ManagedPolicy{}, "", true, []string{"not collected"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.DefaultVersion()
			if tt.want != "" {
				if err != nil || got.VersionID != tt.want || got.Document != "doc-"+tt.want {
					t.Fatalf("DefaultVersion() = %+v, %v; want %s", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("DefaultVersion() = %+v, nil; want an error", got)
			}
			if IsNotCollected(err) != tt.missing {
				t.Errorf("IsNotCollected(%v) = %v, want %v", err, !tt.missing, tt.missing)
			}
			for _, p := range tt.phrases {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("error %q lacks %q", err, p)
				}
			}
		})
	}
}

// TestInstanceProfilesAbsentIsNotEmpty: evidence written before roles
// carried their instance profiles reads as "not collected" (nil), never as
// "in none"; a written empty list and a written list come back as they
// were, through both decoders.
func TestInstanceProfilesAbsentIsNotEmpty(t *testing.T) {
	old, err := os.ReadFile("../testdata/old-evidence/sample-before-instance-profiles.json")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(old, []byte(`"instance_profiles"`)) {
		t.Fatal("the old evidence holds instance_profiles: it must stay as iamaudit wrote it before")
	}
	s, err := ReadSnapshot(bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Authorization.Roles) == 0 {
		t.Fatal("the sample evidence has no roles")
	}
	for _, r := range s.Authorization.Roles {
		if r.InstanceProfiles != nil {
			t.Errorf("role %s of old evidence: instance profiles %v, want nil (not collected)", r.Name, *r.InstanceProfiles)
		}
	}
	in := []InstanceProfile{{Name: "web", ARN: "arn:aws:iam::123456789012:instance-profile/web", Path: "/"}}
	s.Authorization.Roles = append(s.Authorization.Roles[:1:1],
		Role{Name: "none", ARN: "arn:aws:iam::123456789012:role/none", InstanceProfiles: &[]InstanceProfile{}},
		Role{Name: "web", ARN: "arn:aws:iam::123456789012:role/web", InstanceProfiles: &in})
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	fast, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	slow, err := decodeSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]*Snapshot{"fast decoder": fast, "encoding/json": slow} {
		rs := got.Authorization.Roles
		if rs[0].InstanceProfiles != nil || rs[1].InstanceProfiles == nil || len(*rs[1].InstanceProfiles) != 0 ||
			rs[2].InstanceProfiles == nil || !reflect.DeepEqual(*rs[2].InstanceProfiles, in) {
			t.Errorf("%s: round trip lost absent / empty / listed: %+v %+v %+v", name, rs[0].InstanceProfiles, rs[1].InstanceProfiles, rs[2].InstanceProfiles)
		}
	}
}
