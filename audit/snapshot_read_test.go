package audit

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// decoderSeeds are documents where encoding/json's semantics are easy to
// get wrong: names in another case, duplicate names, nulls, escapes,
// invalid UTF-8, an embedded field's name, numbers of the wrong kind.
var decoderSeeds = []string{
	`{"SCHEMA_VERSION": 1, "Collected_At": "2026-01-01T00:00:00Z", "account": {"ID": "111122223333", "partition": "aws"}}`,
	`{"schema_version": 1, "schema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "account": {"id": "1", "partition": "aws"}, "account": {"id": "111122223333"}}`,
	`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "account": {"id": "111122223333", "partition": "aws"}, "credential_report": null, "gaps": null, "tool_version": null}`,
	`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "account": {"id": "111122223333", "partition": "aws", "caller_arn": "arn:aws:iam::111122223333:user/\u00e9\"\\\ud83d\ude00 ` + "\xff\xfe" + `"}}`,
	`{"schema_version": 1.0, "collected_at": "2026-01-01T00:00:00Z"}`,
	`{"schema_version": "1", "collected_at": "2026-01-01T00:00:00Z"}`,
	`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00+02:00", "account": {"id": "111122223333", "partition": "aws"}, "credential_report": {"generated_time": "2026-01-01T00:00:00Z", "rows": [{"user": "a\u0062", "arn": "arn:aws:iam::111122223333:user/ab", "mfa_active": "TRUE", "password_enabled": "not_supported", "user_creation_time": "N/A", "access_keys": [{"active": "false"}, {}], "certs": null}, {"user": "c", "USER": "d"}]}}`,
	`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "credential_report_age": "1h", "account": {"id": "111122223333", "partition": "aws"}, "account_summary": {"values": {"Users": 3, "users": 4, "Users": 5}}}`,
	`{"schemaversion": 1, "collected_at": "2026-01-01T00:00:00Z", "account": {"id": "111122223333", "partition": "aws"}}`,
	`{"schema-version": 1, "collected_at": "2026-01-01T00:00:00Z", "account": {"id": "111122223333", "partition": "aws"}}`,
	`{"\u017fchema_version": 1, "collected_at": "2026-01-01T00:00:00Z", "account": {"id": "111122223333", "partition": "aws"}}`,
	`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z"} `,
	`{"schema_version": 1, "collected_at": "2026-01-01T00:00:00Z"} x`,
}

// sameAsEncodingJSON holds the fast decoder to encoding/json's semantics:
// whatever it accepts, encoding/json accepts and decodes to the same
// snapshot. (What it refuses goes to encoding/json anyway.)
func sameAsEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	var fast Snapshot
	if fastDecode(data, &fast) != nil {
		return
	}
	want, err := decodeSnapshot(bytes.NewReader(data))
	got, gotErr := checkSnapshot(&fast)
	if (err == nil) != (gotErr == nil) || err != nil && err.Error() != gotErr.Error() {
		t.Fatalf("fast decoder: %v; encoding/json: %v", gotErr, err)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("fast decoder and encoding/json disagree on\n%s\nfast: %+v\nencoding/json: %+v", data, got, want)
	}
}

func TestFastDecoderMatchesEncodingJSON(t *testing.T) {
	var sample bytes.Buffer
	if err := sampleSnapshotForFuzz().WriteJSON(&sample); err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{"sample": sample.Bytes()}
	for i, s := range decoderSeeds {
		docs["seed "+string(rune('a'+i))] = []byte(s)
	}
	for _, path := range []string{"../testdata/sample-evidence.json", "collect/testdata/small.snapshot.json"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var s Snapshot
		if err := fastDecode(data, &s); err != nil {
			t.Fatalf("%s: the fast decoder refuses evidence this build wrote: %v", path, err)
		}
		docs[path] = data
	}
	for name, data := range docs {
		t.Run(name, func(t *testing.T) {
			// Where encoding/json takes a document, so does the fast
			// decoder: the comparison below then always runs.
			var fast Snapshot
			if _, err := decodeSnapshot(bytes.NewReader(data)); err == nil && fastDecode(data, &fast) != nil {
				t.Fatalf("the fast decoder refuses a document encoding/json takes: %v", fastDecode(data, &fast))
			}
			sameAsEncodingJSON(t, data)
		})
	}
}
