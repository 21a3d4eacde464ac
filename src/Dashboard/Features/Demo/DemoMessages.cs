using Dashboard.Features.Messages;

namespace Dashboard.Features.Demo;

/// <summary>A week of realistic calls for each demo tenant.</summary>
internal static class DemoMessages
{
    public sealed record Call(string CallerName, string Organization, string Callback, string ForWhom, string Subject, string Body, Urgency Urgency, string Note);

    public static readonly Call[] Sakura =
    [
        new("山本 和子", "", "090-1234-5678", "院長", "予約の変更希望", "明日10時の予約を来週に変更したいとのこと。午後ならいつでも可。", Urgency.Normal, ""),
        new("小林 翔", "", "080-2345-6789", "受付", "治療後の痛み", "昨日抜歯したところが痛み、出血が止まらないとのこと。至急折り返し希望。", Urgency.Urgent, "かなり痛そうな声でした"),
        new("加藤 由美", "加藤歯科技工所", "03-3456-7890", "院長", "技工物の納品日について", "来週月曜納品予定の技工物、1日遅れる見込み。確認の電話をお願いしたいとのこと。", Urgency.Normal, ""),
        new("吉田 浩二", "", "070-3456-7890", "", "保険証の確認", "先日の受診時の保険証が新しくなったので、次回持参でよいか確認したい。", Urgency.Normal, ""),
        new("松本 さゆり", "", "090-8765-4321", "院長", "子どもが転んで前歯を折った", "6歳の子どもが公園で転び前歯が折れた。今から診てもらえるか。", Urgency.Emergency, "泣き声が聞こえ、非常に動揺していました。2回折り返しを求められました"),
        new("井上 健太", "デンタルサプライ株式会社", "06-6123-4567", "事務長", "請求書の件", "今月分の請求書を再送したので確認してほしい。", Urgency.Normal, ""),
        new("木村 拓也", "", "080-1111-2222", "", "入れ歯が割れた", "入れ歯が割れて食事ができない。今日中に対応できるか。", Urgency.Urgent, "高齢の方で、ゆっくり話してほしいとのこと"),
    ];

    public static readonly Call[] Yamada =
    [
        new("林 大輔", "ABC不動産", "03-5555-1234", "現場監督 田中", "現場の騒音苦情", "近隣住民から朝7時台の作業音について苦情。対応を相談したい。", Urgency.Urgent, ""),
        new("清水 恵", "", "090-2222-3333", "社長", "見積もり依頼", "自宅の外壁塗装の見積もりをお願いしたい。土日希望。", Urgency.Normal, ""),
        new("山口 修", "山口設備工業", "045-123-4567", "工務部", "資材の搬入日", "配管資材の搬入を木曜午前に変更したい。", Urgency.Normal, ""),
        new("森 直樹", "駅前第二ビル管理組合", "03-6666-7777", "現場監督 田中", "足場の一部が傾いている", "駅前の現場で足場が一部傾いているように見える。通行人がいるので至急確認してほしい。", Urgency.Emergency, "通報者は現場前にいるとのこと。緊迫した様子"),
        new("池田 亜希子", "", "080-4444-5555", "", "工事車両の駐車", "自宅前に工事車両が停まっていて車が出せない。", Urgency.Urgent, "少し怒っている様子でした"),
        new("橋本 光", "橋本電気", "048-987-6543", "工務部", "請求書送付のお知らせ", "先月分の請求書を郵送した。", Urgency.Normal, ""),
    ];
}
