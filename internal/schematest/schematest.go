// Package schematest is the one JSON Schema validation of the tests of
// every package: the report schema and the vendored SARIF schema are
// checked the same way wherever a test produces a document.
package schematest

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Compile compiles a schema file with format assertions on (uri,
// date-time), which JSON Schema otherwise treats as annotations.
func Compile(t testing.TB, path string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(abs)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return sch
}

// Validate fails the test when doc (named name in messages) is not JSON or
// does not match sch.
func Validate(t testing.TB, sch *jsonschema.Schema, name string, doc []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not match its schema: %v", name, err)
	}
}
