// Package slack is newsdesk in Slack: it answers mentions, direct messages,
// thread follow-ups, slash commands and buttons over the HTTP Events API
// (every request's signature verified) or Socket Mode. A question is
// recorded in the durable queue of the state store before its event is
// acknowledged, and answered by workers that keep to Slack's rate limits
// and post each answer once, in the question's thread; it renders answers,
// figures and the daily digest as Block Kit, and posts the digest
// (DigestPublisher implements digest.Publisher). It is the only package
// that imports slack-go.
//
// Slash commands are a registry: each Command (name, usage, help, run) is
// one file, command_NAME.go, that registers it; help and the manifest test
// read the registry. Adding one is that file plus its line in
// slack-app-manifest.yaml when it is a slash command of its own.
//
//	st, err := bolt.Open(dataDir, bolt.Options{}) // newsdesk/bot/state/bolt
//	if err != nil {
//		return err
//	}
//	b, err := slack.New(ctx, slack.Options{BotToken: …, SigningSecret: …, State: st}, answerer, answerer)
//	if err != nil {
//		return err
//	}
//	return b.Run(ctx) // until ctx is done; answers not posted by the drain deadline stay queued
package slack
