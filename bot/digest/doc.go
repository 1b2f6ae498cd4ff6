// Package digest builds the daily digest — the articles indexed or changed
// since the previous one, each with its extract and key figures, and an
// overview checked like any answer when a model is configured — and posts
// it once a day through a Publisher (the Slack adapter implements it),
// recording its progress in the bot's state so that no date is posted twice.
// It imports no chat client.
//
//	s := digest.NewScheduler(ix, sum, digest.Options{Channel: "C0123", Hour: 8, Location: loc})
//	d, err := s.Next(ctx, st) // what would be posted now
//	if err != nil {
//		return err
//	}
//	_ = digest.WriteDigest(os.Stdout, d)
//	err = s.Run(ctx, slack.NewDigestPublisher(client), st) // posts daily until ctx is done
package digest
