package report

import (
	"bufio"
	"runtime"
	"sync"

	"github.com/iamaudit/iamaudit/result"
)

// resultChunk is how many results one worker encodes at a time: large
// enough that handing chunks over costs nothing, small enough that the
// encoded chunks in flight stay a few megabytes.
const resultChunk = 256

// chunkBytes is a chunk's buffer to begin with: results run to a few
// hundred bytes each, and a buffer grown from nothing costs several times
// its size.
const chunkBytes = resultChunk * 512

// encodeResults writes the results' lines in order. Each result's line
// depends on nothing but the result, so with more than one processor the
// chunks are encoded by one worker per processor (chunk k by worker
// k mod workers, each with its own encoder and two buffers) and written as
// they come, in order: encoding 100,000 results costs more than anything
// else the JSON writer does.
func encodeResults(bw *bufio.Writer, enc *lineEncoder, rs []result.Result) error {
	chunks := (len(rs) + resultChunk - 1) / resultChunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		b, err := appendResults(nil, enc, rs, 0, len(rs))
		bw.Write(b)
		return err
	}
	type encoded struct {
		b   []byte
		err error
	}
	done := make(chan struct{})
	out := make([]chan encoded, workers)
	free := make([]chan []byte, workers)
	var wg sync.WaitGroup
	for w := range workers {
		out[w] = make(chan encoded, 1)
		free[w] = make(chan []byte, 2)
		free[w] <- make([]byte, 0, chunkBytes)
		free[w] <- make([]byte, 0, chunkBytes)
		wg.Go(func() {
			e := newLineEncoder()
			for k := w; k < chunks; k += workers {
				var buf []byte
				select {
				case buf = <-free[w]:
				case <-done:
					return
				}
				lo := k * resultChunk
				b, err := appendResults(buf[:0], e, rs, lo, min(lo+resultChunk, len(rs)))
				select {
				case out[w] <- encoded{b, err}:
				case <-done:
					return
				}
				if err != nil {
					return
				}
			}
		})
	}
	defer wg.Wait()
	defer close(done)
	for k := range chunks {
		c := <-out[k%workers]
		if c.err != nil {
			return c.err
		}
		bw.Write(c.b)
		free[k%workers] <- c.b
	}
	return nil
}
