package fakeaws

import (
	"net/url"
	"strings"
)

// listResult pages n items into one list element, then IsTruncated/Marker.
func listResult(action string, p url.Values, n int, elem string, item func(w *xw, i int)) (string, *apiError) {
	pg, e := paginate(action, p, n)
	if e != nil {
		return "", e
	}
	var w xw
	if pg.start == pg.end {
		w.empty(elem)
	} else {
		w.open(elem)
		for i := pg.start; i < pg.end; i++ {
			item(&w, i)
		}
		w.close(elem)
	}
	writeTruncation(&w, pg)
	return w.String(), nil
}

func opListUsers(s *Server, p url.Values) (string, *apiError) {
	var users []*User
	for i := range s.ix.acct.Users {
		if u := &s.ix.acct.Users[i]; hasPrefix(u.Path, p.Get("PathPrefix")) {
			users = append(users, u)
		}
	}
	return listResult("ListUsers", p, len(users), "Users", func(w *xw, i int) { s.writeUser(w, "member", users[i]) })
}

func opListGroups(s *Server, p url.Values) (string, *apiError) {
	var groups []*Group
	for i := range s.ix.acct.Groups {
		if g := &s.ix.acct.Groups[i]; hasPrefix(g.Path, p.Get("PathPrefix")) {
			groups = append(groups, g)
		}
	}
	return listResult("ListGroups", p, len(groups), "Groups", func(w *xw, i int) {
		g := groups[i]
		w.open("member")
		w.text("Path", pathOr(g.Path))
		w.text("GroupName", g.Name)
		w.text("GroupId", s.ix.groupID(g))
		w.text("Arn", s.ix.groupARN(g))
		w.time("CreateDate", g.CreateDate)
		w.close("member")
	})
}

func opListRoles(s *Server, p url.Values) (string, *apiError) {
	var roles []*Role
	for i := range s.ix.acct.Roles {
		if r := &s.ix.acct.Roles[i]; hasPrefix(r.Path, p.Get("PathPrefix")) {
			roles = append(roles, r)
		}
	}
	return listResult("ListRoles", p, len(roles), "Roles", func(w *xw, i int) {
		w.open("member")
		s.writeRole(w, roles[i])
		w.close("member")
	})
}

func opListPolicies(s *Server, p url.Values) (string, *apiError) {
	scope := p.Get("Scope")
	if scope == "" {
		scope = "All"
	}
	if scope != "All" && scope != "AWS" && scope != "Local" {
		return "", newError("ValidationError", "1 validation error detected: Value '%s' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]", scope)
	}
	usage := p.Get("PolicyUsageFilter")
	if usage != "" && usage != "PermissionsPolicy" && usage != "PermissionsBoundary" {
		return "", newError("ValidationError", "1 validation error detected: Value '%s' at 'policyUsageFilter' failed to satisfy constraint: Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]", usage)
	}
	onlyAttached := p.Get("OnlyAttached") == "true"
	var list []*policyEntry
	for _, arn := range s.ix.policyOrder {
		e := s.ix.policies[arn]
		switch {
		case scope == "AWS" && !e.awsManaged, scope == "Local" && e.awsManaged:
			continue
		case !hasPrefix(e.p.Path, p.Get("PathPrefix")):
			continue
		case onlyAttached && e.attachments == 0 && e.boundaryUses == 0:
			continue
		case usage == "PermissionsPolicy" && e.attachments == 0 && onlyAttached,
			usage == "PermissionsBoundary" && e.boundaryUses == 0:
			continue
		}
		list = append(list, e)
	}
	return listResult("ListPolicies", p, len(list), "Policies", func(w *xw, i int) {
		w.open("member")
		s.writePolicyHead(w, list[i], false)
		w.close("member")
	})
}

// entityRef is one row of ListEntitiesForPolicy.
type entityRef struct{ kind, name, id string }

func opListEntitiesForPolicy(s *Server, p url.Values) (string, *apiError) {
	e, apiErr := s.lookupPolicy(p.Get("PolicyArn"))
	if apiErr != nil {
		return "", apiErr
	}
	filter := p.Get("EntityFilter")
	switch filter {
	case "", filterUser, filterRole, filterGroup, filterLocal, filterAWSPolicy:
	default:
		return "", newError("ValidationError", "1 validation error detected: Value '%s' at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]", filter)
	}
	usage := p.Get("PolicyUsageFilter")
	prefix := p.Get("PathPrefix")
	uses := func(attached []string, boundary string) bool {
		if usage != "PermissionsBoundary" {
			for _, a := range attached {
				if a == e.arn {
					return true
				}
			}
		}
		return usage != "PermissionsPolicy" && boundary == e.arn
	}
	var refs []entityRef
	if filter == "" || filter == filterUser {
		for i := range s.ix.acct.Users {
			u := &s.ix.acct.Users[i]
			if hasPrefix(u.Path, prefix) && uses(u.AttachedPolicies, u.PermissionsBoundary) {
				refs = append(refs, entityRef{"user", u.Name, s.ix.userID(u)})
			}
		}
	}
	if filter == "" || filter == filterGroup {
		for i := range s.ix.acct.Groups {
			g := &s.ix.acct.Groups[i]
			if hasPrefix(g.Path, prefix) && uses(g.AttachedPolicies, "") {
				refs = append(refs, entityRef{"group", g.Name, s.ix.groupID(g)})
			}
		}
	}
	if filter == "" || filter == filterRole {
		for i := range s.ix.acct.Roles {
			r := &s.ix.acct.Roles[i]
			if hasPrefix(r.Path, prefix) && uses(r.AttachedPolicies, r.PermissionsBoundary) {
				refs = append(refs, entityRef{"role", r.Name, s.ix.roleID(r)})
			}
		}
	}
	pg, apiErr := paginate("ListEntitiesForPolicy", p, len(refs))
	if apiErr != nil {
		return "", apiErr
	}
	pageRefs := refs[pg.start:pg.end]
	var w xw
	for _, l := range []struct{ kind, elem, nameEl, idEl string }{
		{"group", "PolicyGroups", "GroupName", "GroupId"},
		{"user", "PolicyUsers", "UserName", "UserId"},
		{"role", "PolicyRoles", "RoleName", "RoleId"},
	} {
		var mine []entityRef
		for _, r := range pageRefs {
			if r.kind == l.kind {
				mine = append(mine, r)
			}
		}
		if len(mine) == 0 {
			w.empty(l.elem)
			continue
		}
		w.open(l.elem)
		for _, r := range mine {
			w.open("member")
			w.text(l.nameEl, r.name)
			w.text(l.idEl, r.id)
			w.close("member")
		}
		w.close(l.elem)
	}
	writeTruncation(&w, pg)
	return w.String(), nil
}

// subject resolves the optional UserName parameter: a named user, or, when
// it is absent, the caller (an IAM user or root). Other callers must name a
// user, as with AWS.
func (s *Server) subject(p url.Values) (u *User, root bool, e *apiError) {
	name := p.Get("UserName")
	if name != "" {
		u, ok := s.ix.users[name]
		if !ok {
			return nil, false, newError("NoSuchEntity", "The user with name %s cannot be found.", name)
		}
		return u, false, nil
	}
	caller := s.ix.callerARN()
	if caller == s.ix.rootARN() {
		return nil, true, nil
	}
	prefix := "arn:" + s.ix.partition + ":iam::" + s.ix.acct.AccountID + ":user/"
	if rest, ok := strings.CutPrefix(caller, prefix); ok {
		if u, ok := s.ix.users[rest[strings.LastIndex(rest, "/")+1:]]; ok {
			return u, false, nil
		}
	}
	return nil, false, newError("ValidationError", "Must specify userName when calling with non-User credentials")
}

func opListAccessKeys(s *Server, p url.Values) (string, *apiError) {
	u, root, e := s.subject(p)
	if e != nil {
		return "", e
	}
	keys, owner, userName := s.ix.acct.Root.AccessKeys, "root", ""
	if !root {
		keys, owner, userName = u.AccessKeys, u.Name, u.Name
	}
	return listResult("ListAccessKeys", p, len(keys), "AccessKeyMetadata", func(w *xw, i int) {
		k := keys[i]
		w.open("member")
		w.opt("UserName", userName)
		w.text("AccessKeyId", accessKeyID(owner, i, k))
		w.text("Status", keyStatus(k.Status))
		w.time("CreateDate", k.CreateDate)
		w.close("member")
	})
}

func opListMFADevices(s *Server, p url.Values) (string, *apiError) {
	u, root, e := s.subject(p)
	if e != nil {
		return "", e
	}
	type dev struct{ user, serial, enable string }
	var devs []dev
	if root {
		mfa, en := s.ix.acct.Root.MFA, isoTime(s.ix.rootMFAEnableDate())
		if mfa == MFAVirtual || mfa == MFAVirtualHardware {
			devs = append(devs, dev{"", s.ix.rootVirtualSerial(), en})
		}
		if mfa == MFAHardware || mfa == MFAVirtualHardware {
			devs = append(devs, dev{"", s.ix.rootHardwareSerial(), en})
		}
	} else {
		for i, m := range u.MFADevices {
			devs = append(devs, dev{u.Name, s.ix.mfaSerial(u, i, m), isoTime(mfaEnableDate(u, m))})
		}
	}
	return listResult("ListMFADevices", p, len(devs), "MFADevices", func(w *xw, i int) {
		w.open("member")
		w.opt("UserName", devs[i].user)
		w.text("SerialNumber", devs[i].serial)
		w.text("EnableDate", devs[i].enable)
		w.close("member")
	})
}

func (s *Server) namedUser(p url.Values) (*User, *apiError) {
	name := p.Get("UserName")
	if name == "" {
		return nil, newError("ValidationError", "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null")
	}
	u, ok := s.ix.users[name]
	if !ok {
		return nil, newError("NoSuchEntity", "The user with name %s cannot be found.", name)
	}
	return u, nil
}

func opListUserPolicies(s *Server, p url.Values) (string, *apiError) {
	u, e := s.namedUser(p)
	if e != nil {
		return "", e
	}
	return listResult("ListUserPolicies", p, len(u.InlinePolicies), "PolicyNames", func(w *xw, i int) {
		w.text("member", u.InlinePolicies[i].Name)
	})
}

func opListAttachedUserPolicies(s *Server, p url.Values) (string, *apiError) {
	u, e := s.namedUser(p)
	if e != nil {
		return "", e
	}
	return s.attachedList("ListAttachedUserPolicies", p, u.AttachedPolicies)
}
