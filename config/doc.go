// Package config reads newsdesk's settings from the environment into a typed
// Config, validated once at start. main loads .env with godotenv first, so the
// real environment wins over the file.
//
//	cfg, err := config.Load(os.Getenv)
//	if err != nil {
//		return err // names each variable that is wrong
//	}
package config
