package audit

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

const reportHeader = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"

func TestParseCredentialReportSpecialValues(t *testing.T) {
	csv := reportHeader + "\n" +
		"<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n" +
		"alice+ops@example.com,arn:aws:iam::111122223333:user/alice+ops@example.com,2021-03-04T05:06:07+00:00,true,no_information,2021-03-04T05:06:07+00:00,N/A,false,true,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-06-01T00:00:00+00:00,2026-10-30T12:00:00+00:00,us-east-1,s3,true,2022-01-01T00:00:00+00:00,false,N/A\n"
	gen := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rep, err := ParseCredentialReport([]byte(csv), gen)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.GeneratedTime.Equal(gen) || len(rep.Rows) != 2 {
		t.Fatalf("generated %v rows %d", rep.GeneratedTime, len(rep.Rows))
	}
	root, ok := rep.Root()
	if !ok || root.ARN != "arn:aws:iam::111122223333:root" {
		t.Fatalf("root row: %+v %v", root, ok)
	}
	if root.PasswordEnabled.State != StateNotSupported || root.PasswordEnabled.True() || root.PasswordEnabled.False() {
		t.Errorf("root password_enabled = %v, want not_supported, neither true nor false", root.PasswordEnabled)
	}
	if root.PasswordLastChanged.State != StateNotSupported {
		t.Errorf("root password_last_changed = %v", root.PasswordLastChanged)
	}
	if !root.MFAActive.True() || !root.AccessKeys[0].Active.False() || root.AccessKeys[0].LastRotated.State != StateNA {
		t.Errorf("root mfa/keys = %v %v %v", root.MFAActive, root.AccessKeys[0].Active, root.AccessKeys[0].LastRotated)
	}
	users := rep.Users()
	if len(users) != 1 || users[0].User != "alice+ops@example.com" {
		t.Fatalf("users = %+v", users)
	}
	a := users[0]
	if a.PasswordLastUsed.State != StateNoInformation {
		t.Errorf("password_last_used = %v, want no_information", a.PasswordLastUsed)
	}
	if a.PasswordNextRotation.State != StateNA {
		t.Errorf("password_next_rotation = %v, want N/A", a.PasswordNextRotation)
	}
	k1, k2 := a.AccessKeys[0], a.AccessKeys[1]
	if !k1.Active.True() || k1.LastUsedDate.State != StateNA || k1.LastUsedRegion != "N/A" {
		t.Errorf("key 1 = %+v", k1)
	}
	wantUsed := time.Date(2026, 10, 30, 12, 0, 0, 0, time.UTC)
	if !k2.LastUsedDate.Known() || !k2.LastUsedDate.Time.Equal(wantUsed) || k2.LastUsedService != "s3" {
		t.Errorf("key 2 = %+v", k2)
	}
	if !a.Certs[0].Active.True() || a.Certs[1].LastRotated.State != StateNA {
		t.Errorf("certs = %+v", a.Certs)
	}
}

func TestParseCredentialReportMissingColumnsAreAbsent(t *testing.T) {
	rep, err := ParseCredentialReport([]byte("arn,user,mfa_active\narn:aws:iam::1:user/bob,bob,TRUE\n"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	bob := rep.Rows[0]
	if bob.User != "bob" || !bob.MFAActive.True() {
		t.Errorf("by header name: %+v", bob)
	}
	if bob.PasswordEnabled.State != StateAbsent || bob.AccessKeys[1].Active.State != StateAbsent {
		t.Errorf("missing columns must be absent, got %v %v", bob.PasswordEnabled, bob.AccessKeys[1].Active)
	}
	if _, ok := rep.Root(); ok {
		t.Error("no root row expected")
	}
}

func TestParseCredentialReportMalformed(t *testing.T) {
	for name, tc := range map[string]struct{ csv, want string }{
		"empty":          {"", "empty content"},
		"no user column": {"arn,mfa_active\nx,true\n", `no "user" column`},
		"bad bool":       {"user,arn,mfa_active\nbob,arn:x,yes\n", `line 2 (user "bob"): column mfa_active: invalid boolean "yes"`},
		"bad time":       {"user,arn,password_last_used\nbob,arn:x,yesterday\n", `column password_last_used: invalid timestamp "yesterday"`},
		"short row":      {"user,arn,mfa_active\nbob,arn:x\n", "wrong number of fields"},
		"duplicate":      {"user,arn,user\nbob,arn:x,bob\n", `duplicate column "user"`},
		"empty user":     {"user,arn\n,arn:x\n", "line 2: empty user"},
		"bare quote":     {"user,arn\nb\"ob,arn:x\n", "bare \""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseCredentialReport([]byte(tc.csv), time.Time{})
			if !errors.Is(err, ErrMalformedReport) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrMalformedReport containing %q", err, tc.want)
			}
		})
	}
}

func TestRootRowUnderAnotherName(t *testing.T) {
	rep, err := ParseCredentialReport([]byte("user,arn,mfa_active\nroot,arn:aws-cn:iam::111122223333:root,true\nbob,arn:aws-cn:iam::111122223333:user/bob,false\nroot-like,arn:aws-cn:iam::111122223333:user/root,false\n"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	root, ok := rep.Root()
	if !ok || root.User != "root" || !root.MFAActive.True() {
		t.Fatalf("root row = %+v, %v", root, ok)
	}
	users := rep.Users()
	if len(users) != 2 || users[0].User != "bob" || users[1].User != "root-like" {
		t.Fatalf("users = %+v", users)
	}
}

// TestJSONStringFastPath: the shortcut for plain strings decodes exactly
// what encoding/json decodes, and every other value goes to encoding/json.
func TestJSONStringFastPath(t *testing.T) {
	for _, in := range []string{
		`"2015-04-16T15:14:00+00:00"`, `"N/A"`, `""`, `"caf\u00e9"`, `"a\"b"`, `"a\\b"`,
		`"\ud83d\ude00"`, "\"\xff\xfe\"", `"é"`, `"tab\tin"`, `null`, `12`, `true`, `{}`, `[]`,
	} {
		got, gotErr := jsonString([]byte(in))
		var want string
		wantErr := json.Unmarshal([]byte(in), &want)
		if got != want || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("jsonString(%s) = %q, %v; encoding/json gives %q, %v", in, got, gotErr, want, wantErr)
		}
	}
}
