package fakeaws

import "net/url"

func required(p url.Values, param, member string) (string, *apiError) {
	v := p.Get(param)
	if v == "" {
		return "", newError("ValidationError", "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", member)
	}
	return v, nil
}

func (s *Server) namedGroup(p url.Values) (*Group, *apiError) {
	name, e := required(p, "GroupName", "groupName")
	if e != nil {
		return nil, e
	}
	g, ok := s.ix.groups[name]
	if !ok {
		return nil, newError("NoSuchEntity", "The group with name %s cannot be found.", name)
	}
	return g, nil
}

func (s *Server) namedRole(p url.Values) (*Role, *apiError) {
	name, e := required(p, "RoleName", "roleName")
	if e != nil {
		return nil, e
	}
	r, ok := s.ix.roles[name]
	if !ok {
		return nil, newError("NoSuchEntity", "The role with name %s cannot be found.", name)
	}
	return r, nil
}

// inlinePolicy answers Get{User,Group,Role}Policy for one principal.
func (s *Server) inlinePolicy(p url.Values, kind, nameElem, principal string, policies []InlinePolicy) (string, *apiError) {
	name, e := required(p, "PolicyName", "policyName")
	if e != nil {
		return "", e
	}
	for _, ip := range policies {
		if ip.Name == name {
			var w xw
			w.text(nameElem, principal)
			w.text("PolicyName", ip.Name)
			w.text("PolicyDocument", s.encodeDocument(ip.Document))
			return w.String(), nil
		}
	}
	return "", newError("NoSuchEntity", "The %s policy with name %s cannot be found.", kind, name)
}

func opGetUserPolicy(s *Server, p url.Values) (string, *apiError) {
	u, e := s.namedUser(p)
	if e != nil {
		return "", e
	}
	return s.inlinePolicy(p, "user", "UserName", u.Name, u.InlinePolicies)
}

func opGetGroupPolicy(s *Server, p url.Values) (string, *apiError) {
	g, e := s.namedGroup(p)
	if e != nil {
		return "", e
	}
	return s.inlinePolicy(p, "group", "GroupName", g.Name, g.InlinePolicies)
}

func opGetRolePolicy(s *Server, p url.Values) (string, *apiError) {
	r, e := s.namedRole(p)
	if e != nil {
		return "", e
	}
	return s.inlinePolicy(p, "role", "RoleName", r.Name, r.InlinePolicies)
}

func opListGroupsForUser(s *Server, p url.Values) (string, *apiError) {
	u, e := s.namedUser(p)
	if e != nil {
		return "", e
	}
	return listResult("ListGroupsForUser", p, len(u.Groups), "Groups", func(w *xw, i int) {
		g := s.ix.groups[u.Groups[i]]
		w.open("member")
		w.text("Path", pathOr(g.Path))
		w.text("GroupName", g.Name)
		w.text("GroupId", s.ix.groupID(g))
		w.text("Arn", s.ix.groupARN(g))
		w.time("CreateDate", g.CreateDate)
		w.close("member")
	})
}

func policyNames(action string, p url.Values, ps []InlinePolicy) (string, *apiError) {
	return listResult(action, p, len(ps), "PolicyNames", func(w *xw, i int) { w.text("member", ps[i].Name) })
}

func opListGroupPolicies(s *Server, p url.Values) (string, *apiError) {
	g, e := s.namedGroup(p)
	if e != nil {
		return "", e
	}
	return policyNames("ListGroupPolicies", p, g.InlinePolicies)
}

func opListRolePolicies(s *Server, p url.Values) (string, *apiError) {
	r, e := s.namedRole(p)
	if e != nil {
		return "", e
	}
	return policyNames("ListRolePolicies", p, r.InlinePolicies)
}

// attachedList answers ListAttached*Policies, honouring PathPrefix (a
// filter on the policies' paths).
func (s *Server) attachedList(action string, p url.Values, attached []string) (string, *apiError) {
	var arns []string
	for _, arn := range attached {
		if pe, ok := s.ix.policies[arn]; ok && hasPrefix(pe.p.Path, p.Get("PathPrefix")) {
			arns = append(arns, arn)
		}
	}
	return listResult(action, p, len(arns), "AttachedPolicies", func(w *xw, i int) {
		w.open("member")
		w.text("PolicyName", s.policyName(arns[i]))
		w.text("PolicyArn", arns[i])
		w.close("member")
	})
}

func opListAttachedGroupPolicies(s *Server, p url.Values) (string, *apiError) {
	g, e := s.namedGroup(p)
	if e != nil {
		return "", e
	}
	return s.attachedList("ListAttachedGroupPolicies", p, g.AttachedPolicies)
}

func opListAttachedRolePolicies(s *Server, p url.Values) (string, *apiError) {
	r, e := s.namedRole(p)
	if e != nil {
		return "", e
	}
	return s.attachedList("ListAttachedRolePolicies", p, r.AttachedPolicies)
}

// opGetLoginProfile: the console password of a user (NoSuchEntity when the
// user has none). The profile's CreateDate is when the password was last set.
func opGetLoginProfile(s *Server, p url.Values) (string, *apiError) {
	u, e := s.namedUser(p)
	if e != nil {
		return "", e
	}
	if !u.PasswordEnabled {
		return "", newError("NoSuchEntity", "Login Profile for User %s cannot be found.", u.Name)
	}
	created := u.CreateDate
	if u.PasswordLastChanged != nil {
		created = *u.PasswordLastChanged
	}
	var w xw
	w.open("LoginProfile")
	w.text("UserName", u.Name)
	w.time("CreateDate", created)
	w.bool("PasswordResetRequired", false)
	w.close("LoginProfile")
	return w.String(), nil
}
