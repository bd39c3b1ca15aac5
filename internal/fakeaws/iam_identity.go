package fakeaws

import "net/url"

// opListSAMLProviders is iam:ListSAMLProviders: every SAML provider, in
// one unpaginated answer as IAM sends it.
func opListSAMLProviders(s *Server, _ url.Values) (string, *apiError) {
	var w xw
	writeList(&w, "SAMLProviderList", s.ix.acct.Identity.SAMLProviders, func(p SAMLProvider) {
		w.text("Arn", "arn:"+s.ix.partition+":iam::"+s.ix.acct.AccountID+":saml-provider/"+p.Name)
		w.optTime("ValidUntil", p.ValidUntil)
		w.time("CreateDate", p.CreateDate)
	})
	return w.String(), nil
}

// opListOpenIDConnectProviders is iam:ListOpenIDConnectProviders: the
// providers' ARNs (arn:...:oidc-provider/<url without scheme>).
func opListOpenIDConnectProviders(s *Server, _ url.Values) (string, *apiError) {
	var w xw
	writeList(&w, "OpenIDConnectProviderList", s.ix.acct.Identity.OIDCProviders, func(u string) {
		w.text("Arn", "arn:"+s.ix.partition+":iam::"+s.ix.acct.AccountID+":oidc-provider/"+u)
	})
	return w.String(), nil
}

// opListOrganizationsFeatures is iam:ListOrganizationsFeatures: the
// centralized root access features of the caller's organization, for the
// management account and IAM's delegated administrator only. The errors are
// those the IAM API reference lists for the operation.
func opListOrganizationsFeatures(s *Server, _ url.Values) (string, *apiError) {
	o := s.ix.acct.Identity.Organization
	acct := s.ix.acct.AccountID
	switch {
	case o == nil:
		return "", newError("OrganizationNotFoundException", "The request was rejected because no organization is associated with your account.")
	case o.FeatureSet == "CONSOLIDATED_BILLING":
		return "", newError("OrganizationNotInAllFeaturesModeException", "The request was rejected because your organization does not have All features enabled.")
	case o.ManagementAccountID != acct && o.IAMDelegatedAdmin != acct:
		return "", newError("AccountNotManagementOrDelegatedAdministratorException", "The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.")
	case !o.IAMTrustedAccess:
		return "", newError("ServiceAccessNotEnabledException", "The request was rejected because trusted access is not enabled for IAM in AWS Organizations.")
	}
	var w xw
	w.text("OrganizationId", o.ID)
	w.textList("EnabledFeatures", o.RootAccessFeatures)
	return w.String(), nil
}
