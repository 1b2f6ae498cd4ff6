// Package slack is newsdesk in Slack: it answers mentions, direct messages,
// thread follow-ups, slash commands and buttons over the HTTP Events API
// (every request's signature verified) or Socket Mode, acknowledging each
// request first and answering on a bounded worker pool; it renders answers,
// figures and the daily digest as Block Kit, and posts the digest
// (DigestPublisher implements digest.Publisher). It is the only package
// that imports slack-go.
//
// Slash commands are a registry: each Command (name, usage, help, run) is
// one file, command_NAME.go, that registers it; help and the manifest test
// read the registry. Adding one is that file plus its line in
// slack-app-manifest.yaml when it is a slash command of its own.
//
//	st, err := state.OpenFile(dataDir, nil)
//	if err != nil {
//		return err
//	}
//	b, err := slack.New(ctx, slack.Options{BotToken: …, SigningSecret: …, State: st}, answerer, answerer)
//	if err != nil {
//		return err
//	}
//	return b.Run(ctx) // until ctx is done, then drains answers in flight
package slack
