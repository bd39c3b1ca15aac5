// Package deploy holds no code: it is the home of the copy-ready deployment
// examples (kubernetes/, github-actions/, README.md). Its tests keep them,
// the Dockerfile, the least-privilege policy in docs/iam-policy.json and the
// repository's tracked files honest.
package deploy
