using AdmissionGuard.Core.Policies.NoPlaintextSecrets;

namespace AdmissionGuard.Core.Tests.Policies.NoPlaintextSecrets;

public sealed class ReferenceValueTests
{
    [Theory]
    [InlineData("${DB_PASSWORD}")]
    [InlineData(" $(DB_USER):$(DB_PASSWORD) ")]
    [InlineData("op://shop-prod/postgres/password")]
    [InlineData("op://Shop Prod/Postgres DB/admin/password")]
    [InlineData("op://dev/ssh/private key?ssh-format=openssh")]
    [InlineData("ref+vault://secret/data/shop#/password")]
    [InlineData("ref+awssecrets://shop/db?region=eu-west-1#/password+")]
    [InlineData("ref+k8s://v1/Secret/shop/db/password")]
    [InlineData("<path:secret/data/shop#password>")]
    [InlineData("<path:kv/data/shop#password#3>")]
    [InlineData("ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]")]
    public void References_name_where_the_credential_lives(string value)
    {
        Assert.True(ReferenceValue.IsReference(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hunter2")]
    [InlineData("${DB_PASSWORD}x")]
    [InlineData("op://shop-prod/postgres")]
    [InlineData("op://shop-prod//password")]
    [InlineData("op://a/b/c/d/e")]
    [InlineData("op://shop/db/pa$$word")]
    [InlineData("ref+")]
    [InlineData("ref+vault:secret/shop")]
    [InlineData("ref+vault://")]
    [InlineData("ref+va ult://x")]
    [InlineData("<path:secret/data/shop>")]
    [InlineData("<path:secret/data/shop#>")]
    [InlineData("<path:#key>")]
    [InlineData("ENC[AES128_CBC,data:Zm9v]")]
    [InlineData("ENC[AES256_GCM,data:Zm9v")]
    public void Lookalikes_are_literals(string value)
    {
        Assert.False(ReferenceValue.IsReference(value));
    }
}
