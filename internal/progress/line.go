package progress

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// redraw is how often the line is redrawn between updates, so that the
// elapsed time moves while the work has nothing new to report (bleve
// writing its segments after the last article, say).
const redraw = time.Second

// Line is a progress line. Its methods are safe for concurrent use; a nil
// *Line draws nothing.
type Line struct {
	w                   io.Writer
	verb, past, unit    string
	now                 func() time.Time
	mu                  sync.Mutex
	start               time.Time
	done, total         int
	drawn, finished     bool
	stop                chan struct{} // closed to stop the redraw goroutine
	stopped             chan struct{} // closed when it has
	redrawEvery         time.Duration
	started, stopCalled bool
}

// New returns a Line on w that says "<verb> N <unit>… P%" while the work
// runs and "<past> N <unit> in Ts" when it is done.
func New(w io.Writer, verb, past, unit string) *Line {
	return &Line{w: w, verb: verb, past: past, unit: unit, now: time.Now, redrawEvery: redraw,
		stop: make(chan struct{}), stopped: make(chan struct{})}
}

// Say shows text (such as "reading articles…") until the next Show or
// Close; "" erases the line.
func (l *Line) Say(text string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.finished {
		return
	}
	l.draw(text)
}

// Show reports done of total; it is the progress func of index.Store.Update.
// The first call starts the clock and a redraw every second; done ==
// total ends the line with the time it took.
func (l *Line) Show(done, total int) {
	if l == nil || total <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.finished {
		return
	}
	if !l.started {
		l.started, l.start = true, l.now()
		go l.redrawLoop()
	}
	l.done, l.total = done, total
	if done >= total {
		l.draw(fmt.Sprintf("%s %s %s in %.1fs", l.past, Count(total), l.unit, l.now().Sub(l.start).Seconds()))
		fmt.Fprintln(l.w)
		l.finish()
		return
	}
	l.draw(l.status())
}

// Progress returns l.Show, or nil for a nil l: the progress func to hand
// to index.Store.Update, which skips a nil one.
func (l *Line) Progress() func(done, total int) {
	if l == nil {
		return nil
	}
	return l.Show
}

// Close ends the line: what it shows stays when the work finished, and is
// erased otherwise (nothing to do, or an error). It stops the redraw and
// waits for it.
func (l *Line) Close() {
	if l == nil {
		return
	}
	l.mu.Lock()
	if !l.finished {
		if l.drawn {
			fmt.Fprint(l.w, "\r\x1b[K")
		}
		l.finish()
	}
	started := l.started
	l.mu.Unlock()
	if started {
		<-l.stopped
	}
}

// finish marks the line done and stops the redraw; l.mu is held.
func (l *Line) finish() {
	l.finished = true
	if !l.stopCalled {
		l.stopCalled = true
		close(l.stop)
	}
}

// status is "indexing 2,225 articles… 40% (3s)"; l.mu is held.
func (l *Line) status() string {
	s := fmt.Sprintf("%s %s %s… %d%%", l.verb, Count(l.total), l.unit, l.done*100/l.total)
	if secs := int(l.now().Sub(l.start).Seconds()); secs > 0 {
		s += fmt.Sprintf(" (%ds)", secs)
	}
	return s
}

// draw replaces the line with text; l.mu is held.
func (l *Line) draw(text string) {
	fmt.Fprint(l.w, "\r"+text+"\x1b[K")
	l.drawn = true
}

func (l *Line) redrawLoop() {
	defer close(l.stopped)
	t := time.NewTicker(l.redrawEvery)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.mu.Lock()
			if !l.finished {
				l.draw(l.status())
			}
			l.mu.Unlock()
		}
	}
}

// Count writes n with a comma between thousands: 2,225.
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
