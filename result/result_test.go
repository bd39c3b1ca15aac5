package result

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"critical": Critical, " High ": High, "MEDIUM": Medium, "low": Low, "Info": Info} {
		got, err := ParseSeverity(in)
		if err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSeverity("severe"); err == nil || err.Error() != `unknown severity "severe" (want critical, high, medium, low or info)` {
		t.Errorf("ParseSeverity(severe) err = %v", err)
	}
	if !(Critical.Rank() > High.Rank() && High.Rank() > Medium.Rank() && Medium.Rank() > Low.Rank() && Low.Rank() > Info.Rank() && Info.Rank() == 0) {
		t.Error("severity ranks out of order")
	}
	if Severity("bogus").Rank() != -1 {
		t.Error("unknown severity must rank -1")
	}
}

func TestDurationJSON(t *testing.T) {
	d := Duration(2*time.Hour + 15*time.Minute)
	b, err := json.Marshal(d)
	if err != nil || string(b) != `"2h15m0s"` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var back Duration
	if err := json.Unmarshal(b, &back); err != nil || back != d {
		t.Fatalf("unmarshal = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`"soon"`), &back); err == nil {
		t.Error("a non-duration must not parse")
	}
}
