package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// AmbiguousError reports a document whose meaning AWS does not define: a
// JSON object that repeats a key (RFC 8259 says names "SHOULD be unique"
// and leaves the behaviour of duplicates to the parser), or condition keys
// in one operator block that differ only in case, which IAM Access Analyzer
// reports as the error "Duplicate keys with different case"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
// The IAM policy grammar
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
// does not say which of two values IAM enforces. encoding/json would
// silently keep the last one; an auditor must not guess, so Parse refuses
// the document and rules report it UNKNOWN, naming the key.
type AmbiguousError struct {
	// Path is where the object sits: "(document)", "Statement[0]",
	// "Statement[0].Condition.StringEquals".
	Path string
	// Key is the repeated key as written (its second occurrence).
	Key string
	// Fold is true when the keys differ only in case.
	Fold bool
}

func (e *AmbiguousError) Error() string {
	how := "appears more than once"
	if e.Fold {
		how = "appears more than once with different case"
	}
	return fmt.Sprintf("ambiguous document: key %q %s in %s; AWS does not document which value IAM enforces", e.Key, how, e.Path)
}

// maxDepth bounds the walk: IAM documents nest at most five levels
// (document, Statement array, statement, Condition, operator), so anything
// far deeper is refused rather than recursed into.
const maxDepth = 32

// findDuplicateKeys walks the JSON text token by token (encoding/json's
// Decoder reports every key, duplicates included) and returns an
// *AmbiguousError for the first repeated key. b must already be valid JSON.
func findDuplicateKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return walkJSON(dec, "(document)", false, 0)
}

func childPath(parent, key string) string {
	if parent == "(document)" {
		return key
	}
	return parent + "." + key
}

// walkJSON consumes one value. fold asks for case-insensitive duplicate
// detection among the value's keys (condition keys are case-insensitive).
func walkJSON(dec *json.Decoder, path string, fold bool, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nesting deeper than %d levels", maxDepth)
	}
	t, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := t.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '[':
		for i := 0; dec.More(); i++ {
			if err := walkJSON(dec, fmt.Sprintf("%s[%d]", path, i), false, depth+1); err != nil {
				return err
			}
		}
	case '{':
		if path == "Statement" {
			path = "Statement[0]" // a single statement object
		}
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if seen[key] {
				return &AmbiguousError{Path: path, Key: key}
			}
			if fold && seen[strings.ToLower(key)] {
				return &AmbiguousError{Path: path, Key: key, Fold: true}
			}
			seen[key] = true
			if fold {
				seen[strings.ToLower(key)] = true
			}
			// Condition operator blocks hold condition keys, which IAM
			// compares case-insensitively.
			childFold := strings.HasSuffix(path, ".Condition")
			if err := walkJSON(dec, childPath(path, key), childFold, depth+1); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	return err
}
