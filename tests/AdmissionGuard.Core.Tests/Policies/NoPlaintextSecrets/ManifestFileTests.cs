using AdmissionGuard.Core.Tests.Fixtures;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

/// <summary>A repository's secrets file as the CLI reads it: SOPS, SealedSecret and plaintext side by side.</summary>
public sealed class ManifestFileTests
{
    private const string Repository = """
        # apps/shop/secrets.yaml
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata:
          name: shop-db
          namespace: shop
        spec:
          encryptedData:
            password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEqFakeSealedValueForTests==
          template:
            metadata:
              name: shop-db
            type: Opaque
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: shop-api
          namespace: shop
        stringData:
          token: ENC[AES256_GCM,data:ZmFrZQ==,iv:ZmFrZWl2ZmFrZWl2ZmFrZWl2ZmFrZWl2ZmFrZWl2,tag:ZmFrZXRhZw==,type:str]
        sops:
          mac: ENC[AES256_GCM,data:ZmFrZQ==,iv:ZmFrZWl2ZmFrZWl2ZmFrZWl2ZmFrZWl2ZmFrZWl2,tag:ZmFrZXRhZw==,type:str]
          version: 3.9.0
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: shop-smtp
          namespace: shop
        stringData:
          password: fake-smtp-Passw0rd-in-git
        """;

    [Fact]
    public void A_sealed_secret_is_not_a_kind_the_policy_targets()
    {
        var engine = PolicyHarness.Engine();
        var sealedSecret = new GroupVersionKind("bitnami.com", "v1alpha1", "SealedSecret");
        Assert.False(engine.Targets(sealedSecret, PolicyType.Validating));
    }

    [Fact]
    public void Only_the_plaintext_secret_of_the_file_is_denied()
    {
        var engine = PolicyHarness.Engine();
        var verdicts = PolicyHarness.FromManifest(Repository, "apps/shop/secrets.yaml")
            .ToDictionary(x => $"{x.Object["kind"]}/{x.Object["metadata"]!["name"]}", x => engine.Evaluate(x.Request, PolicyType.Validating));

        Assert.True(verdicts["SealedSecret/shop-db"].Allowed);
        Assert.False(verdicts["SealedSecret/shop-db"].Evaluated);
        Assert.True(verdicts["Secret/shop-api"].Allowed);
        Assert.Equal(PolicyResultKind.Pass, Assert.Single(verdicts["Secret/shop-api"].Results).Result);

        var denied = verdicts["Secret/shop-smtp"];
        Assert.False(denied.Allowed);
        Assert.Contains("applied from a manifest file with plaintext values in stringData (keys password)", denied.Answer().Message, StringComparison.Ordinal);
        DecisionText.AssertAbsent(DecisionText.All(denied), "fake-smtp-Passw0rd-in-git", "shop-smtp");
    }
}
