package fakeaws

import (
	"net/url"
	"sort"
)

// accountQuotas are IAM's default quotas as GetAccountSummary reports them.
var accountQuotas = map[string]int{
	"UsersQuota":                      5000,
	"GroupsQuota":                     300,
	"RolesQuota":                      1000,
	"PoliciesQuota":                   1500,
	"InstanceProfilesQuota":           1000,
	"ServerCertificatesQuota":         20,
	"GroupsPerUserQuota":              10,
	"SigningCertificatesPerUserQuota": 2,
	"AccessKeysPerUserQuota":          2,
	"AttachedPoliciesPerUserQuota":    10,
	"AttachedPoliciesPerGroupQuota":   10,
	"AttachedPoliciesPerRoleQuota":    10,
	"UserPolicySizeQuota":             2048,
	"GroupPolicySizeQuota":            5120,
	"RolePolicySizeQuota":             10240,
	"AssumeRolePolicySizeQuota":       2048,
	"PolicySizeQuota":                 6144,
	"VersionsPerPolicyQuota":          5,
	"PolicyVersionsInUseQuota":        10000,
	"GlobalEndpointTokenVersion":      1,
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// summary derives GetAccountSummary's SummaryMap from the account.
func (ix *index) summary() map[string]int {
	a := ix.acct
	m := map[string]int{}
	for k, v := range accountQuotas {
		m[k] = v
	}
	rootVirtual := a.Root.MFA == MFAVirtual || a.Root.MFA == MFAVirtualHardware
	rootHardware := a.Root.MFA == MFAHardware || a.Root.MFA == MFAVirtualHardware
	m["AccountMFAEnabled"] = b2i(rootVirtual || rootHardware)
	m["AccountPasswordPresent"] = b2i(a.Root.PasswordEnabled)
	// AccountAccessKeysPresent counts keys whatever their status: AWS
	// reports 1 while an inactive root key still exists.
	m["AccountAccessKeysPresent"] = b2i(len(a.Root.AccessKeys) > 0)
	m["AccountSigningCertificatesPresent"] = b2i(len(a.Root.SigningCerts) > 0)
	m["Users"] = len(a.Users)
	m["Groups"] = len(a.Groups)
	m["Roles"] = len(a.Roles)
	m["Policies"] = len(a.Policies)
	m["ServerCertificates"] = len(a.ServerCertificates)
	m["Providers"] = 0
	inUse := b2i(rootVirtual) + b2i(rootHardware)
	for _, u := range a.Users {
		inUse += len(u.MFADevices)
	}
	m["MFADevicesInUse"] = inUse
	m["MFADevices"] = inUse + len(a.UnassignedVirtualMFADevices)
	profiles := map[string]bool{}
	for _, r := range a.Roles {
		for _, p := range r.InstanceProfiles {
			profiles[p] = true
		}
	}
	m["InstanceProfiles"] = len(profiles)
	versions := 0
	for _, p := range a.Policies {
		versions += len(p.Versions)
	}
	m["PolicyVersionsInUse"] = versions
	return m
}

func opGetAccountSummary(s *Server, _ url.Values) (string, *apiError) {
	m := s.ix.summary()
	for _, k := range s.ix.acct.Emulator.OmitSummaryKeys {
		delete(m, k)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var w xw
	w.open("SummaryMap")
	for _, k := range keys {
		w.open("entry")
		w.text("key", k)
		w.int("value", m[k])
		w.close("entry")
	}
	w.close("SummaryMap")
	return w.String(), nil
}

func opGetAccountPasswordPolicy(s *Server, _ url.Values) (string, *apiError) {
	pp := s.ix.acct.PasswordPolicy
	if pp == nil {
		return "", newError("NoSuchEntity", "The Password Policy with domain name %s cannot be found.", s.ix.acct.AccountID)
	}
	maxAge := 0
	if pp.MaxPasswordAge != nil {
		maxAge = *pp.MaxPasswordAge
	}
	var w xw
	w.open("PasswordPolicy")
	w.int("MinimumPasswordLength", pp.MinimumPasswordLength)
	w.bool("RequireSymbols", pp.RequireSymbols)
	w.bool("RequireNumbers", pp.RequireNumbers)
	w.bool("RequireUppercaseCharacters", pp.RequireUppercaseCharacters)
	w.bool("RequireLowercaseCharacters", pp.RequireLowercaseCharacters)
	w.bool("AllowUsersToChangePassword", pp.AllowUsersToChangePassword)
	w.bool("ExpirePasswords", maxAge > 0)
	if maxAge > 0 {
		w.int("MaxPasswordAge", maxAge)
	}
	if pp.PasswordReusePrevention != nil && *pp.PasswordReusePrevention > 0 {
		w.int("PasswordReusePrevention", *pp.PasswordReusePrevention)
	}
	if pp.HardExpiry != nil {
		w.bool("HardExpiry", *pp.HardExpiry)
	}
	w.close("PasswordPolicy")
	return w.String(), nil
}

// virtualDevice is one row of ListVirtualMFADevices.
type virtualDevice struct {
	serial string
	write  func(w *xw) // writes the User element; nil when unassigned
	enable string
}

func (s *Server) virtualDevices() []virtualDevice {
	ix := s.ix
	a := ix.acct
	var out []virtualDevice
	if a.Root.MFA == MFAVirtual || a.Root.MFA == MFAVirtualHardware {
		out = append(out, virtualDevice{
			serial: ix.rootVirtualSerial(),
			enable: isoTime(ix.rootMFAEnableDate()),
			write: func(w *xw) {
				// The root user has no name or path; IAM identifies it by
				// the account ID and the root ARN.
				w.open("User")
				w.text("UserId", a.AccountID)
				w.text("Arn", ix.rootARN())
				w.time("CreateDate", a.Root.CreateDate)
				w.optTime("PasswordLastUsed", a.Root.PasswordLastUsed)
				w.close("User")
			},
		})
	}
	for i := range a.Users {
		u := &a.Users[i]
		for j, m := range u.MFADevices {
			if m.Type != MFAVirtual {
				continue
			}
			out = append(out, virtualDevice{
				serial: ix.mfaSerial(u, j, m),
				enable: isoTime(mfaEnableDate(u, m)),
				write:  func(w *xw) { s.writeUser(w, "User", u) },
			})
		}
	}
	for _, serial := range a.UnassignedVirtualMFADevices {
		out = append(out, virtualDevice{serial: serial})
	}
	return out
}

// writeUser writes the User shape (as in ListUsers and GetUser).
func (s *Server) writeUser(w *xw, elem string, u *User) {
	w.open(elem)
	w.text("Path", pathOr(u.Path))
	w.text("UserName", u.Name)
	w.text("UserId", s.ix.userID(u))
	w.text("Arn", s.ix.userARN(u))
	w.time("CreateDate", u.CreateDate)
	w.optTime("PasswordLastUsed", u.PasswordLastUsed)
	w.close(elem)
}

func opListVirtualMFADevices(s *Server, p url.Values) (string, *apiError) {
	status := p.Get("AssignmentStatus")
	if status == "" {
		status = "Any"
	}
	if status != "Any" && status != "Assigned" && status != "Unassigned" {
		return "", newError("ValidationError", "1 validation error detected: Value '%s' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]", status)
	}
	var devs []virtualDevice
	for _, d := range s.virtualDevices() {
		assigned := d.write != nil
		if status == "Any" || (status == "Assigned") == assigned {
			devs = append(devs, d)
		}
	}
	pg, e := paginate("ListVirtualMFADevices", p, len(devs))
	if e != nil {
		return "", e
	}
	var w xw
	writeList(&w, "VirtualMFADevices", devs[pg.start:pg.end], func(d virtualDevice) {
		w.text("SerialNumber", d.serial)
		if d.write != nil {
			d.write(&w)
			w.text("EnableDate", d.enable)
		}
	})
	writeTruncation(&w, pg)
	return w.String(), nil
}

func opListServerCertificates(s *Server, p url.Values) (string, *apiError) {
	prefix := p.Get("PathPrefix")
	var certs []*ServerCertificate
	for i := range s.ix.acct.ServerCertificates {
		c := &s.ix.acct.ServerCertificates[i]
		if hasPrefix(c.Path, prefix) {
			certs = append(certs, c)
		}
	}
	if s.ix.acct.Emulator.EchoMarker {
		// A broken endpoint: every call answers the first page again,
		// truncated, with the same marker.
		p = url.Values{"MaxItems": {"1"}}
	}
	pg, e := paginate("ListServerCertificates", p, len(certs))
	if e != nil {
		return "", e
	}
	if s.ix.acct.Emulator.EchoMarker {
		pg.next = "fakeaws-stuck-marker"
	}
	var w xw
	writeList(&w, "ServerCertificateMetadataList", certs[pg.start:pg.end], func(c *ServerCertificate) {
		w.text("Path", pathOr(c.Path))
		w.text("ServerCertificateName", c.Name)
		w.text("ServerCertificateId", s.ix.certID(c))
		w.text("Arn", s.ix.arn("server-certificate", c.Path, c.Name))
		w.time("UploadDate", c.UploadDate)
		w.time("Expiration", c.Expiration)
	})
	writeTruncation(&w, pg)
	return w.String(), nil
}
