namespace AdmissionGuard.Chart.Tests; public class Placeholder { [Fact] public void Project_builds() => Assert.True(typeof(AdmissionGuard.Core.Engine.PolicyEngine).IsSealed); }
