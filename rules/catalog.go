package rules

// All returns the whole catalog, in report order. The list is kept by hand,
// in one place, so a reader sees every rule at a glance and no rule can be
// registered by accident.
func All() []Rule {
	return []Rule{
		// Root user.
		RootMFA,
		// (credential rules: root, users, access keys, password policy)
		RootAccessKeys,
		RootHardwareMFA,
		RootRecentUse,
		RootSigningCerts,
		// Users and access keys.
		UserConsoleMFA,
		UserMFA,
		KeyUnusedSinceSetup,
		UnusedCredentials45,
		UnusedCredentials90,
		OneActiveKey,
		KeyRotation,
		UserSigningCertAge,
		// Password policy.
		PasswordMinLength,
		PasswordReuse,
		PasswordUppercase,
		PasswordLowercase,
		PasswordNumber,
		PasswordSymbol,
		PasswordMaxAge,
		// Server certificates.
		ServerCertExpired,
		ServerCertExpiring,
		// (authorization rules: policies, groups, roles, certificates)
		UserDirectPolicies,
		AdminCustomerPolicy,
		AdminInlinePolicy,
		AdminAWSManagedPolicy,
		ServiceWildcard,
		PrivilegeEscalation,
		InlinePolicies,
		SupportRole,
		CloudShellFullAccess,
		EmptyGroups,
		UserNoGroup,
		RoleTrustAnyPrincipal,
		RoleTrustCrossAccount,
		// Effective administrators (iamaudit's own; no CIS control).
		AdminEscalationPath,
		AdminUnprotected,
		// Regional services.
		AccessAnalyzerEnabled,
		// Account contacts, federation and the organization.
		AccountContactDetails,
		SecurityContact,
		IdentityFederation,
		OrgRootAccessCentralized,
		OrgGuardrailPolicies,
		OrgDelegatedAdmins,
	}
}

// ByID returns the rule with the given ID (case-insensitive).
func ByID(id string) (Rule, bool) {
	for _, r := range All() {
		if equalFold(r.ID, id) {
			return r, true
		}
	}
	return Rule{}, false
}
