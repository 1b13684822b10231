"""Reviewers' conduct (issue 11): the disqualified assignment state, sanctions and two-way ratings.

Both new tables are append-only: AppendOnly in the ORM, and on PostgreSQL a trigger (the function of 0003/0004)
refuses UPDATE and DELETE from any client.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only_sql import append_only_triggers


TABLES = ["reviews_reviewersanction", "reviews_conductrating"]

forwards, backwards = append_only_triggers("reviews_log_append_only", TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0005_supervision'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='assignment',
            name='state',
            field=models.CharField(choices=[('awaiting', '待声明回避情况'), ('active', '评审中'), ('declared_conflict', '本人申报回避'), ('recused', '已回避'), ('disqualified', '专家被取消评审资格，任务已移交')], default='awaiting', max_length=20, verbose_name='状态'),
        ),
        migrations.CreateModel(
            name='ReviewerSanction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ground', models.CharField(max_length=100, verbose_name='情形')),
                ('reason', models.TextField(verbose_name='事实与理由')),
                ('article', models.CharField(max_length=50, verbose_name='依据条款')),
                ('decided_by', models.CharField(max_length=100, verbose_name='决定机关')),
                ('approval', models.CharField(blank=True, max_length=200, verbose_name='批准情况')),
                ('consequences', models.JSONField(default=list, help_text='[{kind, label, detail}]', verbose_name='处理措施')),
                ('handed_over', models.JSONField(default=list, help_text='[{assignment, application, panel, stage, sheet_set_aside}]', verbose_name='移交的评审任务')),
                ('rule_version', models.PositiveIntegerField(verbose_name='规则版本')),
                ('recorded_role', models.CharField(max_length=20, verbose_name='记录角色')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='记录时间')),
                ('expert', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sanctions', to='reviews.expert', verbose_name='专家')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
            ],
            options={
                'verbose_name': '评审专家处理记录',
                'verbose_name_plural': '评审专家处理记录',
                'ordering': ['-recorded_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ConductRating',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rater_side', models.CharField(choices=[('applicant', '受评单位（个人）评价评审人员'), ('expert', '评审人员评价受评单位（个人）')], max_length=20, verbose_name='评价方')),
                ('scores', models.JSONField(help_text='评价项目 → 分值', verbose_name='各项评分')),
                ('scale', models.PositiveSmallIntegerField(verbose_name='满分')),
                ('comment', models.TextField(blank=True, verbose_name='评价意见')),
                ('article', models.CharField(max_length=50, verbose_name='依据条款')),
                ('rated_at', models.DateTimeField(auto_now_add=True, verbose_name='评价时间')),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='conduct_ratings', to='reviews.assignment')),
                ('rated_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='评价人')),
            ],
            options={
                'verbose_name': '评审双向评价',
                'verbose_name_plural': '评审双向评价',
                'ordering': ['rated_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('assignment', 'rater_side'), name='one_rating_per_side')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
