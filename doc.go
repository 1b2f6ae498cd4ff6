// Command newsdesk answers questions about a corpus of news articles, always
// citing the passage it used: on the command line, and as a Slack bot.
//
//	newsdesk index --corpus articles/            # build or update the index in ./data
//	newsdesk ask "How much support did allies provide Ukraine in 2024?"
//	newsdesk serve                               # the Slack bot; see .env.example
//
// main.go wires the packages together: bot/answer answers, index/bleve
// stores, bot/slack talks to Slack, bot/digest posts the daily digest.
// Run 'newsdesk' for every command and 'newsdesk COMMAND -h' for its flags.
package main
