# Choices only: the clock's delivered event (国办公开办函〔2016〕235号) and art.36(五) "not ours" as its own answer.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inforequests', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='decision',
            name='situation',
            field=models.CharField(choices=[('already_public', '已经主动公开'), ('disclose', '予以公开'), ('partial', '部分公开（区分处理）'), ('state_secret', '属于国家秘密'), ('prohibited', '其他法律行政法规禁止公开'), ('security_stability', '危及“三安全一稳定”'), ('third_party', '保护第三方合法权益'), ('internal_affairs', '属于三类内部事务信息'), ('process_information', '属于四类过程性信息'), ('enforcement_file', '属于行政执法案卷'), ('query_matter', '属于行政查询事项（另有查询途径）'), ('not_held', '信息不存在（经检索没有）'), ('not_ours', '不属于本机关负责公开'), ('needs_creation', '没有现成信息需要另行制作'), ('unclear_after_correction', '补正后申请内容仍不明确'), ('petition', '信访举报投诉类申请'), ('repeat', '重复申请'), ('publication', '要求提供公开出版物'), ('excessive', '无正当理由大量反复申请'), ('confirm_or_reissue', '要求确认或重新出具已获取信息'), ('no_correction', '逾期不补正，视为放弃'), ('fee_unpaid', '逾期未缴纳信息处理费'), ('other', '其他处理')], max_length=40, verbose_name='答复情形'),
        ),
        migrations.AlterField(
            model_name='requestevent',
            name='kind',
            field=models.CharField(choices=[('correction_requested', '告知补正'), ('correction_received', '收到补正'), ('consultation_started', '征求第三方意见'), ('consultation_ended', '征求第三方意见结束'), ('agency_consultation_started', '征求其他机关意见'), ('agency_consultation_ended', '征求其他机关意见结束'), ('extension_granted', '延长答复期限'), ('reply_delayed', '确定延迟答复期限'), ('fee_notice_sent', '送达收费通知'), ('fee_paid', '缴纳信息处理费'), ('answered', '作出答复'), ('delivered', '送达答复'), ('withdrawn', '申请人撤回申请')], max_length=40, verbose_name='事项'),
        ),
    ]
