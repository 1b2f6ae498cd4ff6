// Package child runs a command as a process of its own and reports what it
// printed, how long it took and its peak resident memory (getrusage's
// maxrss of the child, which no other measurement in the parent can mix
// with). The bench command runs each of its phases this way, so each phase's
// peak memory is its own.
//
//	res, err := child.Run(ctx, exe, "index", "--corpus", dir, "--json")
//	fmt.Println(res.Seconds, res.PeakRSSMB)
package child
