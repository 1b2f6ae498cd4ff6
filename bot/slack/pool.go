package slack

import (
	"context"
	"sync"
	"time"
)

// pool runs jobs on a fixed number of workers with a bounded queue in front
// of them. Submit never blocks: when every worker is busy and the queue is
// full it refuses the job, so the caller can tell the asker the bot is busy
// instead of making Slack wait.
type pool struct {
	jobs   chan func(context.Context)
	ctx    context.Context // given to every job; cancelled when a drain times out
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
}

// newPool starts workers goroutines (at least 1) reading a queue of
// queue jobs (at least 0). The goroutines end in drain.
func newPool(workers, queue int) *pool {
	workers = max(workers, 1)
	queue = max(queue, 0)
	ctx, cancel := context.WithCancel(context.Background())
	p := &pool{jobs: make(chan func(context.Context), queue), ctx: ctx, cancel: cancel}
	for range workers {
		p.wg.Go(func() {
			for job := range p.jobs {
				job(p.ctx)
			}
		})
	}
	return p
}

// submit queues job and reports whether it was accepted. It refuses jobs
// when the workers and the queue are full or the pool is draining.
func (p *pool) submit(job func(context.Context)) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	select {
	case p.jobs <- job:
		return true
	default:
		return false
	}
}

// drain stops accepting jobs and waits for the running and queued ones to
// finish. When they take longer than timeout, their context is cancelled
// and drain waits for them to return; it reports whether they finished in
// time. After drain no worker goroutine is left.
func (p *pool) drain(timeout time.Duration) bool {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.jobs)
	}
	p.mu.Unlock()

	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	defer p.cancel()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		p.cancel()
		<-done
		return false
	}
}
