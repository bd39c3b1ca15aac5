package fakeaws

import (
	"net/url"
	"slices"
)

// opListSAMLProviders is iam:ListSAMLProviders: every SAML provider, in
// one unpaginated answer as IAM sends it.
func opListSAMLProviders(s *Server, _ url.Values) (string, *apiError) {
	ps := s.ix.acct.Identity.SAMLProviders
	var w xw
	if len(ps) == 0 {
		w.empty("SAMLProviderList")
		return w.String(), nil
	}
	w.open("SAMLProviderList")
	for _, p := range ps {
		w.open("member")
		w.text("Arn", "arn:"+s.ix.partition+":iam::"+s.ix.acct.AccountID+":saml-provider/"+p.Name)
		w.optTime("ValidUntil", p.ValidUntil)
		w.time("CreateDate", p.CreateDate)
		w.close("member")
	}
	w.close("SAMLProviderList")
	return w.String(), nil
}

// opListOpenIDConnectProviders is iam:ListOpenIDConnectProviders: the
// providers' ARNs (arn:...:oidc-provider/<url without scheme>).
func opListOpenIDConnectProviders(s *Server, _ url.Values) (string, *apiError) {
	ps := s.ix.acct.Identity.OIDCProviders
	var w xw
	if len(ps) == 0 {
		w.empty("OpenIDConnectProviderList")
		return w.String(), nil
	}
	w.open("OpenIDConnectProviderList")
	for _, u := range ps {
		w.open("member")
		w.text("Arn", "arn:"+s.ix.partition+":iam::"+s.ix.acct.AccountID+":oidc-provider/"+u)
		w.close("member")
	}
	w.close("OpenIDConnectProviderList")
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
	features := slices.Clone(o.RootAccessFeatures)
	if len(features) == 0 {
		w.empty("EnabledFeatures")
		return w.String(), nil
	}
	w.open("EnabledFeatures")
	for _, f := range features {
		w.text("member", f)
	}
	w.close("EnabledFeatures")
	return w.String(), nil
}
