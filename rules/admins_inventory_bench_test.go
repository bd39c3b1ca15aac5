package rules

import "testing"

// BenchmarkEvaluateWithAdmins5000Users1000Roles: the admin rules and the
// inventory over the account of BenchmarkAdmins5000Users1000Roles; the
// difference between the two is what the inventory costs a scan (it reads
// the graph the rules built).
func BenchmarkEvaluateWithAdmins5000Users1000Roles(b *testing.B) {
	s := admScaleSnap(5000, 1000, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, inv := EvaluateWithAdmins(s, []Rule{AdminEscalationPath, AdminUnprotected}, Config{})
		if len(res) < 6000 || inv == nil || len(inv.Principals) < 10 {
			b.Fatalf("got %d results, inventory %v", len(res), inv != nil)
		}
	}
}
