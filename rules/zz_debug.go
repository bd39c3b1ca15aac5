package rules

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

var debugStart = time.Now()

func DebugHeap(stage string) {
	if os.Getenv("IAMPROF") == "" {
		return
	}
	if os.Getenv("IAMPROF") == "gc" {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Fprintf(os.Stderr, "HEAP %-30s %4d ms live %6.1f MB sys %6.1f gcs %d\n", stage, time.Since(debugStart).Milliseconds(), float64(m.HeapAlloc)/1e6, float64(m.HeapSys)/1e6, m.NumGC)
}
