package fakeaws

import (
	"net/url"
	"strings"
	"time"
)

// Entity filter values of GetAccountAuthorizationDetails.
const (
	filterUser      = "User"
	filterRole      = "Role"
	filterGroup     = "Group"
	filterLocal     = "LocalManagedPolicy"
	filterAWSPolicy = "AWSManagedPolicy"
)

// listParam collects Name.member.1, Name.member.2, ... in order.
func listParam(p url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := p[name+".member."+itoa(i)]
		if !ok || len(v) == 0 {
			return out
		}
		out = append(out, v[0])
	}
}

// authzItem is one entry of the combined listing GetAccountAuthorizationDetails
// pages over: users, then groups, then roles, then policies.
type authzItem struct {
	kind  string
	write func(w *xw)
}

func opGetAccountAuthorizationDetails(s *Server, p url.Values) (string, *apiError) {
	filters := listParam(p, "Filter")
	want := map[string]bool{}
	for _, f := range filters {
		switch f {
		case filterUser, filterRole, filterGroup, filterLocal, filterAWSPolicy:
			want[f] = true
		default:
			return "", newError("ValidationError", "1 validation error detected: Value '[%s]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]]", strings.Join(filters, ", "))
		}
	}
	all := len(want) == 0
	ix := s.ix
	emu := ix.acct.Emulator
	var items []authzItem
	if all || want[filterUser] {
		for i := range ix.acct.Users {
			u := &ix.acct.Users[i]
			items = append(items, authzItem{"user", func(w *xw) { s.writeUserDetail(w, u) }})
		}
	}
	if all || want[filterGroup] {
		for i := range ix.acct.Groups {
			g := &ix.acct.Groups[i]
			items = append(items, authzItem{"group", func(w *xw) { s.writeGroupDetail(w, g) }})
		}
	}
	if all || want[filterRole] {
		for i := range ix.acct.Roles {
			r := &ix.acct.Roles[i]
			items = append(items, authzItem{"role", func(w *xw) { s.writeRoleDetail(w, r) }})
		}
	}
	for _, arn := range ix.policyOrder {
		e := ix.policies[arn]
		if emu.IgnoreAuthzFilter && e.awsManaged {
			// The emulator's whole AWS-managed catalog, in use or not.
			items = append(items, authzItem{"policy", func(w *xw) { s.writePolicyDetail(w, e) }})
			continue
		}
		if !(all || (e.awsManaged && want[filterAWSPolicy]) || (!e.awsManaged && want[filterLocal])) {
			continue
		}
		// Like IAM, list only the AWS-managed policies that are in use.
		if e.awsManaged && e.attachments == 0 && e.boundaryUses == 0 {
			continue
		}
		items = append(items, authzItem{"policy", func(w *xw) { s.writePolicyDetail(w, e) }})
	}
	pg := page{start: 0, end: len(items)}
	if !emu.NoPaging {
		var apiErr *apiError
		if pg, apiErr = paginate("GetAccountAuthorizationDetails", p, len(items)); apiErr != nil {
			return "", apiErr
		}
	}
	pageItems := items[pg.start:pg.end]
	var w xw
	for _, l := range []struct{ kind, elem string }{
		{"user", "UserDetailList"}, {"group", "GroupDetailList"}, {"role", "RoleDetailList"}, {"policy", "Policies"},
	} {
		var kind []authzItem
		for _, it := range pageItems {
			if it.kind == l.kind {
				kind = append(kind, it)
			}
		}
		writeList(&w, l.elem, kind, func(it authzItem) { it.write(&w) })
	}
	if !emu.NoPaging {
		writeTruncation(&w, pg)
	}
	return w.String(), nil
}

func (s *Server) writeInline(w *xw, elem string, ps []InlinePolicy) {
	writeList(w, elem, ps, func(ip InlinePolicy) {
		w.text("PolicyName", ip.Name)
		w.text("PolicyDocument", s.encodeDocument(ip.Document))
	})
}

func (s *Server) writeAttached(w *xw, elem string, arns []string) {
	writeList(w, elem, arns, func(arn string) {
		w.text("PolicyName", s.policyName(arn))
		w.text("PolicyArn", arn)
	})
}

func (s *Server) policyName(arn string) string {
	if e, ok := s.ix.policies[arn]; ok {
		return e.p.Name
	}
	return arn[strings.LastIndex(arn, "/")+1:]
}

func writeBoundary(w *xw, arn string) {
	if arn == "" {
		return
	}
	w.open("PermissionsBoundary")
	w.text("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
	w.text("PermissionsBoundaryArn", arn)
	w.close("PermissionsBoundary")
}

// writeEntityHead writes the members every user, group and role shape
// opens with (kind is User, Group or Role).
func writeEntityHead(w *xw, kind, path, name, id, arn string, created time.Time) {
	w.text("Path", pathOr(path))
	w.text(kind+"Name", name)
	w.text(kind+"Id", id)
	w.text("Arn", arn)
	w.time("CreateDate", created)
}

func writeTags(w *xw, tags map[string]string) {
	if len(tags) == 0 {
		return
	}
	w.open("Tags")
	for _, k := range sortedKeys(tags) {
		w.open("member")
		w.text("Key", k)
		w.text("Value", tags[k])
		w.close("member")
	}
	w.close("Tags")
}

func (s *Server) writeUserDetail(w *xw, u *User) {
	ix := s.ix
	writeEntityHead(w, "User", u.Path, u.Name, ix.userID(u), ix.userARN(u), u.CreateDate)
	s.writeInline(w, "UserPolicyList", u.InlinePolicies)
	w.textList("GroupList", u.Groups)
	s.writeAttached(w, "AttachedManagedPolicies", u.AttachedPolicies)
	writeBoundary(w, u.PermissionsBoundary)
	if !s.ix.acct.Emulator.OmitTags {
		writeTags(w, u.Tags)
	}
}

func (s *Server) writeGroupDetail(w *xw, g *Group) {
	ix := s.ix
	writeEntityHead(w, "Group", g.Path, g.Name, ix.groupID(g), ix.groupARN(g), g.CreateDate)
	s.writeInline(w, "GroupPolicyList", g.InlinePolicies)
	s.writeAttached(w, "AttachedManagedPolicies", g.AttachedPolicies)
}

func (s *Server) writeRoleDetail(w *xw, r *Role) {
	ix := s.ix
	writeEntityHead(w, "Role", r.Path, r.Name, ix.roleID(r), ix.roleARN(r), r.CreateDate)
	w.text("AssumeRolePolicyDocument", s.encodeDocument(r.AssumeRolePolicy))
	type held struct {
		name string
		role *Role
	}
	profiles := make([]held, 0, len(r.InstanceProfiles))
	for _, name := range r.InstanceProfiles {
		profiles = append(profiles, held{name, r})
	}
	if ix.acct.Emulator.AllInstanceProfiles {
		profiles = profiles[:0]
		for k := range ix.acct.Roles {
			for _, name := range ix.acct.Roles[k].InstanceProfiles {
				profiles = append(profiles, held{name, &ix.acct.Roles[k]})
			}
		}
	}
	writeList(w, "InstanceProfileList", profiles, func(p held) {
		w.text("Path", "/")
		w.text("InstanceProfileName", p.name)
		w.text("InstanceProfileId", fakeID("AIPA", ix.acct.AccountID+p.name))
		w.text("Arn", ix.arn("instance-profile", "/", p.name))
		w.time("CreateDate", p.role.CreateDate)
		writeList(w, "Roles", []*Role{p.role}, func(r *Role) { s.writeRole(w, r) })
	})
	s.writeInline(w, "RolePolicyList", r.InlinePolicies)
	s.writeAttached(w, "AttachedManagedPolicies", r.AttachedPolicies)
	writeBoundary(w, r.PermissionsBoundary)
	if !s.ix.acct.Emulator.OmitTags {
		writeTags(w, r.Tags)
	}
	if s.ix.acct.Emulator.OmitRoleLastUsed {
		return
	}
	w.open("RoleLastUsed")
	if r.LastUsed != nil {
		w.time("LastUsedDate", r.LastUsed.Date)
		w.opt("Region", r.LastUsed.Region)
	}
	w.close("RoleLastUsed")
}

// writeRole writes the Role shape as ListRoles returns it (no tags,
// boundary or last use: ListRoles does not return those).
func (s *Server) writeRole(w *xw, r *Role) {
	ix := s.ix
	writeEntityHead(w, "Role", r.Path, r.Name, ix.roleID(r), ix.roleARN(r), r.CreateDate)
	w.text("AssumeRolePolicyDocument", s.encodeDocument(r.AssumeRolePolicy))
	w.opt("Description", r.Description)
	msd := r.MaxSessionDuration
	if msd == 0 {
		msd = 3600
	}
	w.int("MaxSessionDuration", msd)
}

func (s *Server) writeVersion(w *xw, p *ManagedPolicy, i int) {
	v := p.Versions[i]
	id := versionID(v, i)
	w.text("Document", s.encodeDocument(v.Document))
	w.text("VersionId", id)
	w.bool("IsDefaultVersion", id == defaultVersion(p))
	w.time("CreateDate", v.CreateDate)
}

// writePolicyHead writes the members shared by Policy and ManagedPolicyDetail.
func (s *Server) writePolicyHead(w *xw, e *policyEntry, description bool) {
	p := e.p
	w.text("PolicyName", p.Name)
	w.text("PolicyId", s.ix.policyID(e))
	w.text("Arn", e.arn)
	w.text("Path", pathOr(p.Path))
	w.text("DefaultVersionId", defaultVersion(p))
	w.int("AttachmentCount", e.attachments)
	w.int("PermissionsBoundaryUsageCount", e.boundaryUses)
	w.bool("IsAttachable", true)
	if description {
		w.opt("Description", p.Description)
	}
	w.time("CreateDate", p.CreateDate)
	w.time("UpdateDate", updateDate(p))
}

func (s *Server) writePolicyDetail(w *xw, e *policyEntry) {
	s.writePolicyHead(w, e, true)
	if s.ix.acct.Emulator.OmitPolicyVersionList {
		return
	}
	w.open("PolicyVersionList")
	for i := range e.p.Versions {
		w.open("member")
		s.writeVersion(w, e.p, i)
		w.close("member")
	}
	w.close("PolicyVersionList")
}

func (s *Server) lookupPolicy(arn string) (*policyEntry, *apiError) {
	if arn == "" {
		return nil, newError("ValidationError", "1 validation error detected: Value null at 'policyArn' failed to satisfy constraint: Member must not be null")
	}
	if !strings.HasPrefix(arn, "arn:") {
		return nil, newError("InvalidInput", "ARN %s is not valid.", arn)
	}
	e, ok := s.ix.policies[arn]
	if !ok {
		return nil, newError("NoSuchEntity", "Policy %s does not exist or is not attachable.", arn)
	}
	return e, nil
}

func opGetPolicy(s *Server, p url.Values) (string, *apiError) {
	e, apiErr := s.lookupPolicy(p.Get("PolicyArn"))
	if apiErr != nil {
		return "", apiErr
	}
	var w xw
	w.open("Policy")
	s.writePolicyHead(&w, e, true)
	w.close("Policy")
	return w.String(), nil
}

func opGetPolicyVersion(s *Server, p url.Values) (string, *apiError) {
	e, apiErr := s.lookupPolicy(p.Get("PolicyArn"))
	if apiErr != nil {
		return "", apiErr
	}
	vid := p.Get("VersionId")
	if vid == "" {
		return "", newError("ValidationError", "1 validation error detected: Value null at 'versionId' failed to satisfy constraint: Member must not be null")
	}
	for i, v := range e.p.Versions {
		if versionID(v, i) == vid {
			var w xw
			w.open("PolicyVersion")
			s.writeVersion(&w, e.p, i)
			w.close("PolicyVersion")
			return w.String(), nil
		}
	}
	return "", newError("NoSuchEntity", "Policy %s version %s does not exist or is not attachable.", e.arn, vid)
}
