package fakeaws

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

func (ix *index) callerARN() string {
	if ix.acct.CallerARN != "" {
		return ix.acct.CallerARN
	}
	return ix.rootARN()
}

func (ix *index) callerUserID() string {
	a := ix.acct
	if a.CallerUserID != "" {
		return a.CallerUserID
	}
	arn := ix.callerARN()
	if arn == ix.rootARN() {
		return a.AccountID
	}
	if name, ok := strings.CutPrefix(arn, fmt.Sprintf("arn:%s:iam::%s:user/", ix.partition, a.AccountID)); ok {
		name = name[strings.LastIndex(name, "/")+1:]
		if u, ok := ix.users[name]; ok {
			return ix.userID(u)
		}
	}
	if rest, ok := strings.CutPrefix(arn, fmt.Sprintf("arn:%s:sts::%s:assumed-role/", ix.partition, a.AccountID)); ok {
		role, session, _ := strings.Cut(rest, "/")
		if r, ok := ix.roles[role]; ok {
			return ix.roleID(r) + ":" + session
		}
		return fakeID("AROA", a.AccountID+role) + ":" + session
	}
	return fakeID("AIDA", arn)
}

func opGetCallerIdentity(s *Server, p url.Values) (string, *apiError) {
	var w xw
	if arn, id := p.Get(sessionARNKey), p.Get(sessionIDKey); arn != "" {
		// Credentials from AssumeRole into this organization member.
		w.text("Arn", arn)
		w.text("UserId", id)
		w.text("Account", s.ix.acct.AccountID)
		return w.String(), nil
	}
	w.text("Arn", s.ix.callerARN())
	w.text("UserId", s.ix.callerUserID())
	w.text("Account", s.ix.acct.AccountID)
	return w.String(), nil
}

// opAssumeRole returns fake temporary credentials. A role ARN in this
// account must name a defined role: AWS answers AccessDenied otherwise.
func opAssumeRole(s *Server, p url.Values) (string, *apiError) {
	roleARN, session := p.Get("RoleArn"), p.Get("RoleSessionName")
	if roleARN == "" {
		return "", newError("ValidationError", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
	}
	if session == "" {
		return "", newError("ValidationError", "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")
	}
	parts := strings.SplitN(roleARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return "", newError("ValidationError", "%s is invalid", roleARN)
	}
	acct := parts[4]
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	dur := 3600
	if d := p.Get("DurationSeconds"); d != "" {
		if _, err := fmt.Sscan(d, &dur); err != nil || dur < 900 || dur > 43200 {
			return "", newError("ValidationError", "1 validation error detected: Value '%s' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200", d)
		}
	}
	if body, handled, e := s.orgAssumeRole(roleARN, session, p.Get("ExternalId"), acct, name, parts[1], dur); handled {
		return body, e
	}
	roleID := fakeID("AROA", acct+name)
	if acct == s.ix.acct.AccountID {
		r, ok := s.ix.roles[name]
		if !ok {
			return "", newError("AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", s.ix.callerARN(), roleARN)
		}
		roleID = s.ix.roleID(r)
	}
	var w xw
	w.open("AssumedRoleUser")
	w.text("AssumedRoleId", roleID+":"+session)
	w.text("Arn", fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", parts[1], acct, name, session))
	w.close("AssumedRoleUser")
	w.open("Credentials")
	w.text("AccessKeyId", fakeID("ASIA", roleARN+session))
	w.text("SecretAccessKey", "fakeSecretAccessKey/"+fakeID("", session))
	w.text("SessionToken", "FakeSessionToken/"+fakeID("", roleARN+session))
	// Expiry is real time, not the fixture's "now": SDK credential caches
	// compare it with the wall clock, and credentials that arrive already
	// expired would be fetched again for every call.
	w.time("Expiration", time.Now().UTC().Add(time.Duration(dur)*time.Second))
	w.close("Credentials")
	return w.String(), nil
}
